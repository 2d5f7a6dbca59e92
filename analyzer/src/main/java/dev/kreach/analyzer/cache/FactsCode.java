package dev.kreach.analyzer.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A fingerprint of the code whose output the facts cache stores: every class and resource under the packages that
 * parse files into facts, read from the jar or class directory kreach runs from, in name order.
 */
final class FactsCode {
    /** Everything that decides what facts, and what re-parsed bodies, a file gives. */
    private static final List<String> PACKAGES = List.of("dev/kreach/analyzer/parse/", "dev/kreach/analyzer/facts/",
            "dev/kreach/analyzer/cache/", "dev/kreach/analyzer/body/");

    private static String fingerprint;

    private FactsCode() {
    }

    static synchronized String fingerprint() {
        if (fingerprint == null) {
            fingerprint = compute();
        }
        return fingerprint;
    }

    private static String compute() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Path location = Path.of(FactsCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (String name : names(location)) {
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = FactsCode.class.getClassLoader().getResourceAsStream(name)) {
                    if (in != null) {
                        digest.update(in.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kreach's own classes", e);
        } catch (URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            // No fingerprint, no reuse: a name no other run shares.
            return "unfingerprinted-" + System.nanoTime();
        }
    }

    private static List<String> names(Path location) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            for (String pkg : PACKAGES) {
                Path dir = location.resolve(pkg);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.filter(Files::isRegularFile)
                                .forEach(f -> names.add(location.relativize(f).toString().replace('\\', '/')));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(e -> e.getName())
                        .filter(n -> !n.endsWith("/") && PACKAGES.stream().anyMatch(n::startsWith))
                        .forEach(names::add);
            }
        }
        names.sort(null);
        return names;
    }
}

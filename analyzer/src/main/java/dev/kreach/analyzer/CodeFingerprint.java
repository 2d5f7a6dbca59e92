package dev.kreach.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A fingerprint of some of kreach's own code: every class and resource under the given packages, read from the jar
 * or class directory that holds {@code anchor}, in name order. What kreach keeps between runs is keyed by the
 * fingerprint of the code that made it, so a rebuilt kreach never takes its predecessor's output for its own.
 */
public final class CodeFingerprint {
    private static final Map<String, String> computed = new HashMap<>();

    private CodeFingerprint() {
    }

    /** @param packages resource prefixes, such as {@code dev/kreach/analyzer/parse/}; computed once per run */
    public static synchronized String of(Class<?> anchor, List<String> packages) {
        return computed.computeIfAbsent(anchor.getName() + " " + packages, k -> compute(anchor, packages));
    }

    private static String compute(Class<?> anchor, List<String> packages) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (String name : names(location, packages)) {
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = anchor.getClassLoader().getResourceAsStream(name)) {
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

    private static List<String> names(Path location, List<String> packages) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            for (String pkg : packages) {
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
                        .filter(n -> !n.endsWith("/") && packages.stream().anyMatch(n::startsWith))
                        .forEach(names::add);
            }
        }
        names.sort(null);
        return names;
    }
}

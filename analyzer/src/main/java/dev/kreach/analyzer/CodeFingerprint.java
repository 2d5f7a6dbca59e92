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
            if (!Files.isDirectory(location)) {
                return ofJar(location, packages);
            }
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

    /**
     * A jar's classes by what its central directory says of each (name, size, CRC-32): no entry is inflated, which
     * for every class of the analyzer and the rules took a tenth of a second of each run.
     */
    static String ofJar(Path jarPath, List<String> packages) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            List<java.util.jar.JarEntry> entries = new ArrayList<>(jar.stream()
                    .filter(e -> !e.isDirectory() && packages.stream().anyMatch(e.getName()::startsWith)).toList());
            entries.sort(java.util.Comparator.comparing(java.util.zip.ZipEntry::getName));
            java.nio.ByteBuffer numbers = java.nio.ByteBuffer.allocate(16);
            for (java.util.jar.JarEntry entry : entries) {
                if (entry.getCrc() < 0 || entry.getSize() < 0) {
                    throw new IOException("jar entry without its CRC: " + entry.getName());
                }
                digest.update(entry.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(numbers.clear().putLong(entry.getSize()).putLong(entry.getCrc()).array());
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
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

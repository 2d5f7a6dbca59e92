package dev.kreach.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar's fingerprint, read from its central directory, changes when a class under the packages changes, and only
 * then: not for a class elsewhere, not for the order the jar lists its entries in.
 */
class CodeFingerprintTest {
    private static final List<String> PACKAGES = List.of("dev/kreach/analyzer/parse/");

    @TempDir
    Path dir;

    @Test
    void aJarsFingerprintFollowsItsClassesUnderThePackagesOnly() throws Exception {
        Map<String, String> classes = new LinkedHashMap<>();
        classes.put("dev/kreach/analyzer/parse/A.class", "one");
        classes.put("dev/kreach/analyzer/parse/deep/B.class", "two");
        classes.put("dev/kreach/rules/C.class", "three");
        String base = CodeFingerprint.ofJar(jar("base.jar", classes), PACKAGES);

        Map<String, String> reordered = new LinkedHashMap<>();
        List.of("dev/kreach/rules/C.class", "dev/kreach/analyzer/parse/deep/B.class",
                "dev/kreach/analyzer/parse/A.class").forEach(name -> reordered.put(name, classes.get(name)));
        assertEquals(base, CodeFingerprint.ofJar(jar("reordered.jar", reordered), PACKAGES), "entry order");

        Map<String, String> elsewhere = new LinkedHashMap<>(classes);
        elsewhere.put("dev/kreach/rules/C.class", "changed");
        assertEquals(base, CodeFingerprint.ofJar(jar("elsewhere.jar", elsewhere), PACKAGES), "outside the packages");

        Map<String, String> sameSize = new LinkedHashMap<>(classes);
        sameSize.put("dev/kreach/analyzer/parse/A.class", "two");
        assertNotEquals(base, CodeFingerprint.ofJar(jar("same-size.jar", sameSize), PACKAGES), "a class changed");

        Map<String, String> added = new LinkedHashMap<>(classes);
        added.put("dev/kreach/analyzer/parse/D.class", "");
        assertNotEquals(base, CodeFingerprint.ofJar(jar("added.jar", added), PACKAGES), "a class added");
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file); JarOutputStream out = new JarOutputStream(raw)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }
}

package dev.kreach.analyzer.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small tree bundled on the class path (the demo tree kreach scans when given none). Class-path directories
 * cannot be listed portably inside a jar, so the tree carries an {@code INDEX} file naming its files.
 */
public final class ResourceTree extends InMemoryTree {

    private ResourceTree(String name, Map<String, byte[]> files) {
        super(name, files);
    }

    /** Loads the tree under {@code root} (e.g. "/dev/kreach/fixtures/demo"), as listed in {@code root/INDEX}. */
    public static ResourceTree load(String root, String displayName) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String index = new String(bytes(root + "/INDEX"), StandardCharsets.UTF_8);
        for (String line : index.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            files.put(line, bytes(root + "/" + line));
        }
        return new ResourceTree(displayName, files);
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = ResourceTree.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource missing: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

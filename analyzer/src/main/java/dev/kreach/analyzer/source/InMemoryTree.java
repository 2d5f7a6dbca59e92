package dev.kreach.analyzer.source;

import java.util.Map;

/** A tree held in memory, such as a bundled resource tree or a test's sources. */
public class InMemoryTree extends ListedTree {
    private final Map<String, byte[]> files;

    InMemoryTree(String name, Map<String, byte[]> files) {
        super(name, files.keySet());
        this.files = Map.copyOf(files);
    }

    /** A tree of UTF-8 texts, path to text. */
    public static InMemoryTree ofTexts(String name, Map<String, String> texts) {
        Map<String, byte[]> files = new java.util.HashMap<>();
        texts.forEach((path, text) -> files.put(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new InMemoryTree(name, files);
    }

    @Override
    protected byte[] contents(String path) {
        return files.get(path);
    }

    @Override
    public long size(String path) {
        byte[] bytes = files.get(path);
        return bytes == null ? 0 : bytes.length;
    }
}

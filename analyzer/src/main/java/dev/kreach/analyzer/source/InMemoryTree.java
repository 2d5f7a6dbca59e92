package dev.kreach.analyzer.source;

import java.util.Map;

/** A tree held in memory, such as a bundled resource tree. */
class InMemoryTree extends ListedTree {
    private final Map<String, byte[]> files;

    InMemoryTree(String name, Map<String, byte[]> files) {
        super(name, files.keySet());
        this.files = Map.copyOf(files);
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

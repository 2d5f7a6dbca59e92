package dev.kreach.analyzer.source;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A tree held in memory: what a tarball or a bundled resource tree leaves after it is read once. */
class InMemoryTree implements SourceTree {
    private final String name;
    private final NavigableMap<String, byte[]> files;

    InMemoryTree(String name, Map<String, byte[]> files) {
        this.name = name;
        this.files = new TreeMap<>(files);
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public List<String> files(Scope scope, String suffix) {
        return files.keySet().stream().filter(p -> p.endsWith(suffix) && scope.contains(p)).toList();
    }

    @Override
    public boolean exists(String path) {
        if (files.containsKey(path)) {
            return true;
        }
        String dir = path + "/";
        String next = files.ceilingKey(dir);
        return next != null && next.startsWith(dir);
    }

    @Override
    public SourceFile read(String path) throws IOException {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw new IOException("no such file in " + name);
        }
        return new SourceFile(path, bytes);
    }
}

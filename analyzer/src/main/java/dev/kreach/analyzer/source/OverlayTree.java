package dev.kreach.analyzer.source;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A tree with some files replaced, added or deleted (null content): a base tree after a patch series. */
public final class OverlayTree implements SourceTree {
    private final SourceTree base;
    private final Map<String, byte[]> changes;
    private final String name;

    public OverlayTree(SourceTree base, Map<String, byte[]> changes, String name) {
        this.base = base;
        this.changes = new TreeMap<>(changes);
        this.name = name;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public List<String> files(Scope scope, String suffix) {
        TreeSet<String> out = new TreeSet<>(base.files(scope, suffix));
        changes.forEach((path, content) -> {
            if (content == null) {
                out.remove(path);
            } else if (path.endsWith(suffix) && scope.contains(path)) {
                out.add(path);
            }
        });
        return List.copyOf(out);
    }

    @Override
    public boolean exists(String path) {
        if (changes.containsKey(path)) {
            return changes.get(path) != null;
        }
        return base.exists(path);
    }

    @Override
    public SourceFile read(String path) throws IOException {
        if (changes.containsKey(path)) {
            byte[] content = changes.get(path);
            if (content == null) {
                throw new IOException("deleted by the patch series");
            }
            return new SourceFile(path, content);
        }
        return base.read(path);
    }
}

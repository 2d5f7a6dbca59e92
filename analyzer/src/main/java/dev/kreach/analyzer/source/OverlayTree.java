package dev.kreach.analyzer.source;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** The files this overlay changes from its base, or from another overlay of the same base where they differ. */
    @Override
    public Optional<Set<String>> changedFrom(SourceTree other) {
        if (other == this) {
            return Optional.of(Set.of());
        }
        if (other == base) {
            return Optional.of(Set.copyOf(changes.keySet()));
        }
        if (other instanceof OverlayTree overlay && overlay.base == base) {
            Set<String> out = new TreeSet<>();
            Set<String> paths = new TreeSet<>(changes.keySet());
            paths.addAll(overlay.changes.keySet());
            for (String path : paths) {
                boolean here = changes.containsKey(path);
                boolean there = overlay.changes.containsKey(path);
                if (here != there || !java.util.Arrays.equals(changes.get(path), overlay.changes.get(path))) {
                    out.add(path);
                }
            }
            return Optional.of(out);
        }
        return Optional.empty();
    }

    @Override
    public boolean exists(String path) {
        if (changes.containsKey(path)) {
            return changes.get(path) != null;
        }
        return base.exists(path);
    }

    /** Without reading the file (a scan sizes every file it lists, and a patch changes few). */
    @Override
    public long size(String path) throws IOException {
        if (changes.containsKey(path)) {
            return read(path).bytes().length;
        }
        return base.size(path);
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

package dev.kreach.analyzer.source;

import java.io.IOException;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/** A tree whose file list is known once it is opened (a tarball read in one pass, a bundled resource tree). */
abstract class ListedTree implements SourceTree {
    private final String name;
    private final NavigableSet<String> paths;

    ListedTree(String name, java.util.Collection<String> paths) {
        this.name = name;
        this.paths = new TreeSet<>(paths);
    }

    /** The bytes of a listed file. */
    protected abstract byte[] contents(String path) throws IOException;

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public List<String> files(Scope scope, String suffix) {
        return paths.stream().filter(p -> p.endsWith(suffix) && scope.contains(p)).toList();
    }

    @Override
    public boolean exists(String path) {
        if (paths.contains(path)) {
            return true;
        }
        String dir = path + "/";
        String next = paths.ceiling(dir);
        return next != null && next.startsWith(dir);
    }

    @Override
    public SourceFile read(String path) throws IOException {
        if (!paths.contains(path)) {
            throw new IOException("no such file in " + name);
        }
        return new SourceFile(path, contents(path));
    }
}

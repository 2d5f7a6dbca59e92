package dev.kreach.analyzer.source;

import java.util.List;

/** Path prefixes of the tree that are analysed, e.g. {@code fs/ceph} and {@code net/ceph}; "." means the whole tree. */
public record Scope(List<String> prefixes) {

    public static final Scope CEPH = new Scope(List.of("fs/ceph", "net/ceph"));

    public Scope {
        prefixes = prefixes.stream().map(Scope::normalise).distinct().sorted().toList();
        if (prefixes.isEmpty()) {
            throw new BadInputException("empty scope: give at least one --scope path prefix");
        }
    }

    private static String normalise(String prefix) {
        String p = prefix.replace('\\', '/');
        if (TreePaths.mayLeaveTree(p)) {
            throw new BadInputException("--scope " + prefix + ": must name a path inside the tree, relative to its "
                    + "top (e.g. fs/ext4), without \"..\"");
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }

    public boolean contains(String path) {
        for (String prefix : prefixes) {
            if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(" ", prefixes.stream().map(p -> p.isEmpty() ? "." : p).toList());
    }
}

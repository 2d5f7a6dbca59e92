package dev.kreach.analyzer.graph;

/**
 * The part of the tree a file belongs to, for edges matched by field name alone: its directory, cut to three levels
 * ({@code fs/ceph}, {@code net/ceph}, {@code mm}, {@code drivers/gpu/drm}). A call whose owner type fast mode cannot
 * tell is matched only to functions bound to a field of that name in the same component: an untyped
 * {@code ->write_inode()} in ext4 says nothing about what btrfs binds, and without this bound a whole-kernel graph
 * would join every {@code ->open()} to every open function.
 */
public final class Component {
    private static final int DEPTH = 3;

    private Component() {
    }

    public static String of(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        String directory = path.substring(0, slash);
        int end = -1;
        for (int level = 0; level < DEPTH; level++) {
            end = directory.indexOf('/', end + 1);
            if (end < 0) {
                return directory;
            }
        }
        return directory.substring(0, end);
    }
}

package dev.kreach.analyzer.graph;

/**
 * The part of the tree a file belongs to: its directory, cut to {@code depth} levels ({@code fs/ceph},
 * {@code net/ceph}, {@code mm}, {@code drivers/gpu/drm} at depth 3). A call whose owner type fast mode cannot tell is
 * matched only to functions bound to a field of that name in the same component: an untyped {@code ->write_inode()}
 * in ext4 says nothing about what btrfs binds, and without this bound a whole-kernel graph would join every
 * {@code ->open()} to every open function. The depth is the models' {@code settings: component-depth}.
 */
public final class Component {
    /** A depth that keeps the whole directory (the setting {@code component-depth: none}). */
    public static final int WHOLE_DIRECTORY = Integer.MAX_VALUE;

    private Component() {
    }

    public static String of(String path, int depth) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        String directory = path.substring(0, slash);
        int end = -1;
        for (int level = 0; level < depth; level++) {
            end = directory.indexOf('/', end + 1);
            if (end < 0) {
                return directory;
            }
        }
        return directory.substring(0, end);
    }
}

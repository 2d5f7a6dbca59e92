package dev.kreach.analyzer.source;

/** Checks on a path the user gives as relative to a tree's top (a --scope, a patch's file names). */
public final class TreePaths {
    private TreePaths() {
    }

    /** Whether {@code path} ('/'-separated) is absolute or has a ".." segment, and so may name a file outside. */
    public static boolean mayLeaveTree(String path) {
        return path.startsWith("/") || path.equals("..") || path.startsWith("../") || path.contains("/../")
                || path.endsWith("/..");
    }
}

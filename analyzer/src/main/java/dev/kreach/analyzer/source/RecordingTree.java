package dev.kreach.analyzer.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory tree that notes what an analysis of it reads: every file read, sized or looked for, with its stamp
 * ({@link SourceTree#stamp}) taken before it is read, and every listing with what it listed. What it noted says
 * cheaply whether the tree is still the one analysed ({@link #unchanged}): stat the files the analysis read, list
 * again what it listed, and nothing else of a tree of 86,000 files. A file edited after its stamp was taken makes
 * the stamp stale, never the analysis wrongly current.
 */
public final class RecordingTree implements SourceTree {
    private final SourceTree tree;
    private final Map<String, String> stamps = new ConcurrentHashMap<>();
    private final Map<String, String> listings = new ConcurrentHashMap<>();

    public RecordingTree(SourceTree tree) {
        this.tree = tree;
    }

    private void touch(String path) {
        stamps.computeIfAbsent(path, tree::stamp);
    }

    @Override
    public String displayName() {
        return tree.displayName();
    }

    @Override
    public List<String> files(Scope scope, String suffix) {
        List<String> listed = tree.files(scope, suffix);
        listings.putIfAbsent(listingKey(scope, suffix), String.join("\n", listed));
        return listed;
    }

    private static String listingKey(Scope scope, String suffix) {
        return String.join(" ", scope.prefixes()) + "\t" + suffix;
    }

    @Override
    public boolean exists(String path) {
        touch(path);
        return tree.exists(path);
    }

    @Override
    public Optional<Set<String>> changedFrom(SourceTree other) {
        return other == this ? Optional.of(Set.of()) : Optional.empty();
    }

    @Override
    public List<Unlisted> unlisted() {
        return tree.unlisted();
    }

    @Override
    public SourceFile read(String path) throws IOException {
        touch(path);
        return tree.read(path);
    }

    @Override
    public long size(String path) throws IOException {
        touch(path);
        return tree.size(path);
    }

    @Override
    public Optional<String> location() {
        return tree.location();
    }

    @Override
    public String stamp(String path) {
        return tree.stamp(path);
    }

    /**
     * What was noted so far, one line each, sorted: {@code file PATH\tSTAMP} and {@code list PREFIXES\tSUFFIX\tHASH}.
     */
    public List<String> inputs() {
        List<String> out = new ArrayList<>();
        stamps.forEach((path, stamp) -> out.add("file " + path + "\t" + stamp));
        listings.forEach((key, listed) -> out.add("list " + key + "\t" + dev.kreach.analyzer.Sha256.hex(listed)));
        out.sort(null);
        return out;
    }

    /** Whether every input noted ({@link #inputs}) is in {@code tree} now as it was then. */
    public static boolean unchanged(SourceTree tree, List<String> inputs) {
        for (String line : inputs) {
            String[] parts = line.split("\t", -1);
            if (line.startsWith("file ") && parts.length == 2) {
                if (!tree.stamp(parts[0].substring("file ".length())).equals(parts[1])) {
                    return false;
                }
            } else if (line.startsWith("list ") && parts.length == 3) {
                Scope scope = new Scope(List.of(parts[0].substring("list ".length()).split(" ")));
                if (!dev.kreach.analyzer.Sha256.hex(String.join("\n", tree.files(scope, parts[1]))).equals(parts[2])) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }
}

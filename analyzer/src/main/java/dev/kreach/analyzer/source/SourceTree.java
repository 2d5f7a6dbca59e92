package dev.kreach.analyzer.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel tree, read-only. Paths are relative to the tree root and use '/'.
 * A tree knows which C files a scope holds and can hand out any header the analysis asks for.
 */
public interface SourceTree {

    /** How the tree is named in messages: the directory or tarball the user gave. */
    String displayName();

    /** The files under the scope whose names end with {@code suffix}, sorted by path. */
    List<String> files(Scope scope, String suffix);

    /** The {@code .c} files under the scope, sorted by path. */
    default List<String> cFiles(Scope scope) {
        return files(scope, ".c");
    }

    /** The {@code .h} files under the scope, sorted by path. */
    default List<String> headers(Scope scope) {
        return files(scope, ".h");
    }

    boolean exists(String path);

    /**
     * The paths whose content may differ between {@code other} and this tree, when this tree can tell without
     * reading them (it is {@code other}, or {@code other} with some files replaced, as a patch series leaves it);
     * empty when it cannot, and every file must be read to know.
     */
    default Optional<java.util.Set<String>> changedFrom(SourceTree other) {
        return other == this ? Optional.of(java.util.Set.of()) : Optional.empty();
    }

    /**
     * What the tree holds, cheaply told: equal states mean equal contents, so an analysis saved for one state can be
     * taken for another tree in the same state. A git revision is its tree object's id, a tarball the SHA-256 of
     * the archive. Empty for a tree that cannot say so cheaply: a directory, whose {@link #location} and
     * {@link #stamp}s say instead whether the files an analysis read are as they were ({@link RecordingTree}), and
     * a tree patched in memory.
     */
    default Optional<String> state() {
        return Optional.empty();
    }

    /**
     * Where the tree lives, for a tree whose files can be stamped ({@link #stamp}): a directory's real path. Empty
     * for a tree that says what it holds by its {@link #state} instead, or cannot say.
     */
    default Optional<String> location() {
        return Optional.empty();
    }

    /**
     * A file's size and modification time, {@code directory} for a directory, {@code absent} when nothing is
     * there: what tells cheaply, without reading it, that a file is as it was (as git's index tells it). Only a
     * tree with a {@link #location} can say; others answer {@code unknown}.
     */
    default String stamp(String path) {
        return "unknown";
    }

    /**
     * What the listings so far met but could not offer as files, each with its reason: the scan names them as
     * skipped rather than losing them silently.
     */
    default List<Unlisted> unlisted() {
        return List.of();
    }

    /**
     * The most bytes kreach reads from one file of a tree: the largest file of Linux 6.12 is a 23 MiB register
     * header; a larger one is skipped with this as its reason, before it can exhaust the heap.
     */
    long FILE_BUDGET = 64L * 1024 * 1024;

    /** Reads one file; an unreadable file is an {@link IOException} naming the cause. */
    SourceFile read(String path) throws IOException;

    /** A file's size in bytes (scans parse the largest files first). */
    default long size(String path) throws IOException {
        return read(path).bytes().length;
    }

    /** "6.12.117" from the top-level Makefile, when the tree has one that says so. */
    default Optional<String> kernelVersion() {
        try {
            return KernelVersion.fromMakefile(read("Makefile").text());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens a directory or a {@code .tar.xz}/{@code .tar.gz}/{@code .tar} kernel tarball. A tarball is read once, in
     * place, keeping only what a scan of {@code scope} can need.
     */
    static SourceTree open(Path path, Scope scope) {
        return open(path, scope, java.util.Set.of(), fraction -> { });
    }

    /** As {@link #open(Path, Scope)}, telling {@code progress} what fraction of a tarball has been read. */
    static SourceTree open(Path path, Scope scope, java.util.function.DoubleConsumer progress) {
        return open(path, scope, java.util.Set.of(), progress);
    }

    /**
     * As {@link #open(Path, Scope)}, keeping {@code alsoRead} too (files outside the scope the scan reads, such as
     * where modelled functions are defined) and telling {@code progress} what fraction of a tarball has been read.
     */
    static SourceTree open(Path path, Scope scope, java.util.Set<String> alsoRead,
            java.util.function.DoubleConsumer progress) {
        if (!Files.exists(path)) {
            throw new BadInputException("no such file or directory: " + path);
        }
        SourceTree tree;
        if (Files.isDirectory(path)) {
            tree = new DirectoryTree(path);
        } else if (TarballTree.isTarballName(path.getFileName().toString().toLowerCase(Locale.ROOT))) {
            tree = TarballTree.read(path, scope, alsoRead, progress);
        } else {
            throw new BadInputException(path + ": not a directory or a kernel tarball (.tar.xz, .tar.gz, .tar)");
        }
        requireKernelTree(tree);
        return tree;
    }

    private static void requireKernelTree(SourceTree tree) {
        if (!tree.exists("Makefile") || !tree.exists("include/linux")) {
            throw new BadInputException(tree.displayName()
                    + ": not a kernel tree (expected a top-level Makefile and include/linux/)");
        }
    }

    /** The VERSION/PATCHLEVEL/SUBLEVEL lines of a kernel Makefile. */
    final class KernelVersion {
        private static final Pattern FIELD = Pattern.compile("(?m)^(VERSION|PATCHLEVEL|SUBLEVEL)\\s*=\\s*(\\d+)\\s*$");

        private KernelVersion() {
        }

        static Optional<String> fromMakefile(String makefile) {
            String version = null;
            String patchlevel = null;
            String sublevel = null;
            Matcher m = FIELD.matcher(makefile);
            while (m.find()) {
                switch (m.group(1)) {
                    case "VERSION" -> version = version == null ? m.group(2) : version;
                    case "PATCHLEVEL" -> patchlevel = patchlevel == null ? m.group(2) : patchlevel;
                    default -> sublevel = sublevel == null ? m.group(2) : sublevel;
                }
            }
            if (version == null || patchlevel == null) {
                return Optional.empty();
            }
            return Optional.of(version + "." + patchlevel + (sublevel == null ? "" : "." + sublevel));
        }
    }
}

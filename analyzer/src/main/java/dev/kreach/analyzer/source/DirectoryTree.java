package dev.kreach.analyzer.source;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A kernel tree checked out or unpacked on disk. Only regular files inside the tree are read: a link is followed
 * while it stays in the tree, and a FIFO, socket or device is refused before it is opened, so nothing a tree holds
 * can block a scan.
 */
final class DirectoryTree implements SourceTree {
    /** What this locale cannot name (a UTF-8 file name under {@code LANG=C}): the JDK cannot open it either. */
    static final String UNNAMEABLE = "its name cannot be represented in this locale's character set (run with a "
            + "UTF-8 locale, e.g. LANG=C.UTF-8)";

    private final Path root;
    private final Map<String, String> unlisted = new ConcurrentSkipListMap<>();
    private volatile Path realRoot;

    DirectoryTree(Path root) {
        this.root = root;
    }

    @Override
    public String displayName() {
        return root.toString();
    }

    /**
     * Listings already made, by scope and suffix: a run lists the tree once for each (a check lists it to see that
     * the saved analysis is still the tree's, then scans it), and analyses that one listing.
     */
    private final Map<String, List<String>> listings = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public List<String> files(Scope scope, String suffix) {
        return listings.computeIfAbsent(String.join("\0", scope.prefixes()) + "\t" + suffix,
                key -> list(scope, suffix));
    }

    private List<String> list(Scope scope, String suffix) {
        List<String> out = new ArrayList<>();
        for (String prefix : scope.prefixes()) {
            Path start = prefix.isEmpty() ? root : root.resolve(prefix);
            if (!Files.isDirectory(start)) {
                continue;
            }
            try {
                Files.walkFileTree(start, new Lister(suffix, out));
            } catch (IOException e) {
                throw new BadInputException("cannot list " + start + ": " + IoReasons.of(e), e);
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    @Override
    public java.util.Optional<String> location() {
        try {
            return java.util.Optional.of("directory " + realRoot());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Size and modification time in nanoseconds where the file system keeps them; links are not followed. */
    @Override
    public String stamp(String path) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(root.resolve(path), BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory()) {
                return "directory";
            }
            return (attrs.isSymbolicLink() ? "link " : attrs.isRegularFile() ? "file " : "other ") + attrs.size() + " "
                    + attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (NoSuchFileException | InvalidPathException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    public List<Unlisted> unlisted() {
        return unlisted.entrySet().stream().map(e -> new Unlisted(e.getKey(), e.getValue())).toList();
    }

    /** Lists the files with one suffix; a directory it cannot enter is named, and the walk goes on. */
    private final class Lister extends SimpleFileVisitor<Path> {
        private final String suffix;
        private final List<String> out;

        Lister(String suffix, List<String> out) {
            this.suffix = suffix;
            this.out = out;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && dir.getFileName().toString().endsWith(suffix)) {
                visitFile(dir, attrs);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (file.getFileName().toString().endsWith(suffix)) {
                // A directory, FIFO or unreadable file named *.c is still listed: reading it reports the problem.
                String path = relative(file);
                try {
                    root.resolve(path);
                    out.add(path);
                } catch (InvalidPathException e) {
                    unlisted.put(path, UNNAMEABLE);
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            String path = relative(file);
            if (file.getFileName() != null && file.getFileName().toString().endsWith(suffix)) {
                out.add(path);
            } else {
                unlisted.put(path + "/", "cannot be listed: " + IoReasons.of(e));
            }
            return FileVisitResult.CONTINUE;
        }
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    @Override
    public boolean exists(String path) {
        try {
            return Files.exists(root.resolve(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    @Override
    public long size(String path) throws IOException {
        try {
            return Files.size(root.resolve(path));
        } catch (InvalidPathException e) {
            throw new IOException(UNNAMEABLE);
        }
    }

    @Override
    public SourceFile read(String path) throws IOException {
        return new SourceFile(path, SourceBytes.read(inTree(path)));
    }

    /** The file at {@code path}, its links resolved, once it is known to be in the tree. */
    private Path inTree(String path) throws IOException {
        Path file;
        try {
            file = root.resolve(path);
        } catch (InvalidPathException e) {
            throw new IOException(UNNAMEABLE);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException(Files.isSymbolicLink(file) ? "a symbolic link to nothing" : "no such file");
        } catch (IOException e) {
            throw new IOException(IoReasons.of(e), e);
        }
        if (!real.startsWith(realRoot())) {
            throw new IOException("a symbolic link to " + real + ", outside the tree");
        }
        return real;
    }

    private Path realRoot() throws IOException {
        Path known = realRoot;
        if (known == null) {
            known = root.toRealPath();
            realRoot = known;
        }
        return known;
    }
}

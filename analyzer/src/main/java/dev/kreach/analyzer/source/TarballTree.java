package dev.kreach.analyzer.source;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A kernel tarball (kernel.org's linux-X.Y.tar.xz, Debian's linux-source-X.Y.tar.xz) read in one streaming pass,
 * without unpacking to disk. The top directory of the archive ("linux-source-6.12/") is dropped so paths match a
 * checked-out tree. Only files a scan can use are kept: C files and headers in the scope, headers under include/,
 * kbuild's and Kconfig's files (Makefile, Kbuild, Kconfig), which say what the tree builds, and the few files the
 * scan is asked to read beside them (where modelled core functions are defined). Entry names are
 * normalised; symbolic and hard links are resolved within the archive, as the unpacked tree would resolve them (with
 * a second pass when a link's target came earlier and was not kept); what cannot be a file of the tree (a FIFO, a
 * device, a link out of the tree, a name whose ".." leaves it, a file over {@link #FILE_BUDGET}) is listed and
 * names its reason when read, so that the scan reports it as skipped.
 */
final class TarballTree extends ListedTree {
    /** Where each kept file's bytes lie in the spool. */
    private record Extent(long offset, int length) {
    }

    private final Map<String, Extent> extents;
    private final Map<String, String> problems;
    private final FileChannel spool;
    /** The SHA-256 of the archive's bytes, as read. */
    private final String archive;

    private TarballTree(String name, Map<String, Extent> extents, Map<String, String> problems, FileChannel spool,
            String archive) {
        super(name, union(extents.keySet(), problems.keySet()));
        this.extents = extents;
        this.problems = problems;
        this.spool = spool;
        this.archive = archive;
    }

    /** The archive's content hash: the kept files are those of the scope, which a saved analysis is keyed by too. */
    @Override
    public java.util.Optional<String> state() {
        return java.util.Optional.of("tarball " + archive);
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** An entry the scope wanted but the tarball cannot give as a file is listed, and reading it says why. */
    @Override
    protected byte[] contents(String path) throws IOException {
        String problem = problems.get(path);
        if (problem != null) {
            throw new IOException(problem);
        }
        Extent extent = extents.get(path);
        ByteBuffer buffer = ByteBuffer.allocate(extent.length());
        // Positional reads: parser threads read concurrently without sharing a file position.
        while (buffer.hasRemaining()) {
            if (spool.read(buffer, extent.offset() + buffer.position()) < 0) {
                throw new IOException("tarball spool ended early");
            }
        }
        return buffer.array();
    }

    @Override
    public long size(String path) {
        Extent extent = extents.get(path);
        return extent == null ? 0 : extent.length();
    }

    /**
     * A temporary file for the kept files' bytes, already unlinked where the system allows it: a whole kernel's
     * sources (1.4 GB) stay out of the heap, in the page cache, and nothing is left behind even by a killed run.
     */
    private static FileChannel openSpool() throws IOException {
        Path file = Files.createTempFile("kreach-tarball-", ".spool");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        try {
            Files.delete(file);
        } catch (IOException e) {
            // Systems that cannot unlink an open file delete it when the channel closes.
        }
        return channel;
    }

    static boolean isTarballName(String lowerCaseName) {
        return lowerCaseName.endsWith(".tar.xz") || lowerCaseName.endsWith(".txz")
                || lowerCaseName.endsWith(".tar.gz") || lowerCaseName.endsWith(".tgz")
                || lowerCaseName.endsWith(".tar");
    }

    static TarballTree read(Path tarball, Scope scope, java.util.Set<String> alsoRead, DoubleConsumer progress) {
        FileChannel spool;
        try {
            spool = openSpool();
        } catch (IOException e) {
            throw new BadInputException("cannot create a temporary file to read " + tarball + " into: "
                    + e.getMessage(), e);
        }
        Reading reading = new Reading(spool, alsoRead);
        java.security.MessageDigest digest = sha256();
        try {
            pass(tarball, progress, digest, entry -> reading.first(entry, scope));
            java.util.Set<String> missing = reading.resolveLinks();
            if (!missing.isEmpty()) {
                // A link in the scope to a file the first pass had no reason to keep (it came earlier): read again.
                pass(tarball, fraction -> { }, null, entry -> reading.keepIfIn(entry, missing));
                reading.resolveLinks();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(spool);
            // Commons Compress reports damage as IOException or, for some header damage, IllegalArgumentException.
            throw new BadInputException("corrupt or unreadable tarball " + tarball + ": " + describe(e), e);
        }
        if (reading.kept.isEmpty()) {
            closeQuietly(spool);
            throw new BadInputException(tarball + ": tarball holds no kernel sources");
        }
        return new TarballTree(tarball.toString(), reading.kept, reading.problems, spool,
                java.util.HexFormat.of().formatHex(digest.digest()));
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * One entry of a pass: its header, its name without the archive's top directory ({@code name}), that name
     * normalised ({@code path}, null if it leaves the tree), the top directory, and the stream holding its bytes.
     */
    private record Entry(TarArchiveEntry header, String name, String path, String top, InputStream data) {
    }

    private interface EntryHandler {
        void accept(Entry entry) throws IOException;
    }

    /** What one read of a tarball keeps: regular files' extents, links to resolve, entries refused and why. */
    private static final class Reading {
        final FileChannel spool;
        final Map<String, Extent> kept = new HashMap<>();
        final Map<String, String> problems = new java.util.TreeMap<>();
        /** A wanted link's path, and the path in the tree it points to. */
        final Map<String, String> links = new java.util.TreeMap<>();
        /** Every regular file of the archive, wanted or not: a link's target may be any of them. */
        final java.util.Set<String> regular = new java.util.HashSet<>();
        long end;

        /** Files outside the scope that the scan reads too: the modelled functions' definitions. */
        final java.util.Set<String> alsoRead;

        Reading(FileChannel spool, java.util.Set<String> alsoRead) {
            this.spool = spool;
            this.alsoRead = alsoRead;
        }

        void first(Entry e, Scope scope) throws IOException {
            TarArchiveEntry entry = e.header();
            String path = e.path();
            if (entry.isDirectory()) {
                return;
            }
            if (path == null) {
                if (wanted(e.name(), scope, alsoRead)) {
                    problems.put(e.name(), "its name leaves the tarball's tree (\"..\"); not read");
                }
                return;
            }
            if (isRegular(entry)) {
                regular.add(path);
                if (wanted(path, scope, alsoRead)) {
                    keep(e);
                }
                return;
            }
            if (!wanted(path, scope, alsoRead)) {
                return;
            }
            if (entry.isSymbolicLink() || entry.isLink()) {
                String target = linkTarget(e);
                if (target == null) {
                    problems.put(path, "a link to " + entry.getLinkName() + ", outside the tarball's tree");
                } else {
                    links.put(path, target);
                }
            } else {
                problems.put(path, "not a regular file (" + kind(entry) + ") in the tarball; not read");
            }
        }

        void keepIfIn(Entry e, java.util.Set<String> wanted) throws IOException {
            String path = e.path();
            if (path != null && isRegular(e.header()) && wanted.contains(path)
                    && !kept.containsKey(path)) {
                keep(e);
            }
        }

        private void keep(Entry e) throws IOException {
            String path = e.path();
            if (e.header().getSize() > FILE_BUDGET) {
                problems.put(path, SourceBytes.tooLarge());
                return;
            }
            byte[] bytes = e.data().readNBytes((int) FILE_BUDGET + 1);
            if (bytes.length > FILE_BUDGET) {
                problems.put(path, SourceBytes.tooLarge());
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                spool.write(buffer, end + buffer.position());
            }
            kept.put(path, new Extent(end, bytes.length));
            end += bytes.length;
        }

        /**
         * Gives each wanted link its target's bytes, following links to links (at most 40, as the kernel does);
         * answers the targets that are regular files of the archive not kept yet.
         */
        java.util.Set<String> resolveLinks() {
            java.util.Set<String> missing = new java.util.TreeSet<>();
            for (Map.Entry<String, String> link : links.entrySet()) {
                String target = link.getValue();
                for (int hops = 0; hops < 40 && links.containsKey(target); hops++) {
                    target = links.get(target);
                }
                if (kept.containsKey(target)) {
                    kept.put(link.getKey(), kept.get(target));
                    problems.remove(link.getKey());
                } else if (regular.contains(target)) {
                    missing.add(target);
                } else if (links.containsKey(target)) {
                    problems.put(link.getKey(), "a loop of links in the tarball");
                } else {
                    problems.put(link.getKey(), "a link to " + target + ", which the tarball does not hold");
                }
            }
            return missing;
        }
    }

    /**
     * Whether an entry holds a file's bytes: Commons Compress's {@code isFile()} is true of links, FIFOs and devices
     * too, whose entries have no bytes.
     */
    private static boolean isRegular(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isLink() && !entry.isFIFO()
                && !entry.isCharacterDevice() && !entry.isBlockDevice();
    }

    /** A link's target as a path in the tree, or null if it points outside it (absolute, or too many ".."). */
    private static String linkTarget(Entry e) {
        TarArchiveEntry entry = e.header();
        String path = e.path();
        String target = entry.getLinkName();
        if (entry.isLink()) {
            // A hard link names its target as the archive does, top directory and all.
            return normalise(target.startsWith(e.top()) ? target.substring(e.top().length()) : target);
        }
        if (target.startsWith("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return normalise(slash < 0 ? target : path.substring(0, slash + 1) + target);
    }

    private static String kind(TarArchiveEntry entry) {
        if (entry.isFIFO()) {
            return "a FIFO";
        }
        if (entry.isCharacterDevice()) {
            return "a character device";
        }
        if (entry.isBlockDevice()) {
            return "a block device";
        }
        return "an entry of type '" + (char) entry.getLinkFlag() + "'";
    }

    /**
     * A path with "." and ".." segments resolved and doubled slashes dropped; null if ".." climbs above the
     * tree's root.
     */
    static String normalise(String path) {
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    /** Streams every entry of the archive once, each with its normalised path in the tree. */
    /** One read of the archive, every byte also hashed into {@code digest} when there is one. */
    private static void pass(Path tarball, DoubleConsumer progress, java.security.MessageDigest digest,
            EntryHandler handler) throws IOException {
        InputStream file = Files.newInputStream(tarball);
        try (CountingStream counted = new CountingStream(digest == null ? file
                : new java.security.DigestInputStream(file, digest), Files.size(tarball), progress);
                InputStream raw = new BufferedInputStream(counted, 1 << 16);
                // The tar reader asks for 512-byte records; a large buffer keeps the decompressor in long runs.
                InputStream decompressed = new BufferedInputStream(decompress(raw, tarball), 1 << 20);
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            String top = null;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (top == null) {
                    top = slash < 0 ? name + "/" : name.substring(0, slash + 1);
                }
                String inTree = name.startsWith(top) ? name.substring(top.length()) : name;
                handler.accept(new Entry(entry, inTree, normalise(inTree), top, tar));
            }
            if (digest != null) {
                // The hash is of the whole file, also what follows the archive's end.
                counted.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already failing; the first error is the one reported.
        }
    }

    /** Counts the compressed bytes read, the only measure of progress a compressed stream offers. */
    private static final class CountingStream extends FilterInputStream {
        private final long size;
        private final DoubleConsumer progress;
        private long read;

        CountingStream(InputStream in, long size, DoubleConsumer progress) {
            super(in);
            this.size = Math.max(1, size);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        /** Skipped bytes are read: every byte of the archive passes through its hash. */
        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 1 << 16)];
            long skipped = 0;
            while (skipped < n) {
                int got = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (got < 0) {
                    break;
                }
                skipped += got;
            }
            return skipped;
        }

        private void advance(long n) {
            read += n;
            progress.accept(Math.min(1.0, (double) read / size));
        }
    }

    private static boolean wanted(String path, Scope scope, java.util.Set<String> alsoRead) {
        if (isBuildFile(path.substring(path.lastIndexOf('/') + 1)) || alsoRead.contains(path)) {
            return true;
        }
        boolean source = path.endsWith(".c") || path.endsWith(".h");
        return source && (scope.contains(path) || (path.startsWith("include/") && path.endsWith(".h")));
    }

    /** kbuild's and Kconfig's files, which say what the tree builds: Makefile, Kbuild, Makefile.*, Kconfig*. */
    private static boolean isBuildFile(String name) {
        return name.equals("Makefile") || name.equals("Kbuild") || name.startsWith("Makefile.")
                || name.startsWith("Kbuild.") || name.startsWith("Kconfig");
    }

    private static InputStream decompress(InputStream raw, Path tarball) throws IOException {
        String name = tarball.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".xz") || name.endsWith(".txz")) {
            return new XZCompressorInputStream(raw);
        }
        if (name.endsWith(".gz") || name.endsWith(".tgz")) {
            return new GzipCompressorInputStream(raw);
        }
        return raw;
    }

    private static String describe(Throwable e) {
        if (e instanceof java.io.EOFException) {
            return "unexpected end of data (truncated?)";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}

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
 * and kbuild's and Kconfig's files (Makefile, Kbuild, Kconfig), which say what the tree builds.
 */
final class TarballTree extends ListedTree {
    /** Where each kept file's bytes lie in the spool. */
    private record Extent(long offset, int length) {
    }

    private final Map<String, Extent> extents;
    private final FileChannel spool;

    private TarballTree(String name, Map<String, Extent> extents, FileChannel spool) {
        super(name, extents.keySet());
        this.extents = extents;
        this.spool = spool;
    }

    @Override
    protected byte[] contents(String path) throws IOException {
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

    static TarballTree read(Path tarball, Scope scope, DoubleConsumer progress) {
        Map<String, Extent> kept = new HashMap<>();
        FileChannel spool;
        try {
            spool = openSpool();
        } catch (IOException e) {
            throw new BadInputException("cannot create a temporary file to read " + tarball + " into: "
                    + e.getMessage(), e);
        }
        long end = 0;
        try (CountingStream counted = new CountingStream(Files.newInputStream(tarball), Files.size(tarball), progress);
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
                String path = name.startsWith(top) ? name.substring(top.length()) : name;
                if (entry.isDirectory()) {
                    continue;
                }
                if (!entry.isFile() || !wanted(path, scope)) {
                    continue;
                }
                byte[] bytes = tar.readAllBytes();
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    spool.write(buffer, end + buffer.position());
                }
                kept.put(path, new Extent(end, bytes.length));
                end += bytes.length;
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(spool);
            // Commons Compress reports damage as IOException or, for some header damage, IllegalArgumentException.
            throw new BadInputException("corrupt or unreadable tarball " + tarball + ": " + describe(e), e);
        }
        if (kept.isEmpty()) {
            closeQuietly(spool);
            throw new BadInputException(tarball + ": tarball holds no kernel sources");
        }
        return new TarballTree(tarball.toString(), kept, spool);
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

        private void advance(long n) {
            read += n;
            progress.accept(Math.min(1.0, (double) read / size));
        }
    }

    private static boolean wanted(String path, Scope scope) {
        if (isBuildFile(path.substring(path.lastIndexOf('/') + 1))) {
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

package dev.kreach.analyzer.source;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
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
 * and the top-level Makefile.
 */
final class TarballTree extends InMemoryTree {

    private TarballTree(String name, Map<String, byte[]> files) {
        super(name, files);
    }

    static boolean isTarballName(String lowerCaseName) {
        return lowerCaseName.endsWith(".tar.xz") || lowerCaseName.endsWith(".txz")
                || lowerCaseName.endsWith(".tar.gz") || lowerCaseName.endsWith(".tgz")
                || lowerCaseName.endsWith(".tar");
    }

    static TarballTree read(Path tarball, Scope scope, DoubleConsumer progress) {
        Map<String, byte[]> kept = new HashMap<>();
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
                kept.put(path, tar.readAllBytes());
            }
        } catch (IOException | RuntimeException e) {
            // Commons Compress reports damage as IOException or, for some header damage, IllegalArgumentException.
            throw new BadInputException("corrupt or unreadable tarball " + tarball + ": " + describe(e), e);
        }
        if (kept.isEmpty()) {
            throw new BadInputException(tarball + ": tarball holds no kernel sources");
        }
        return new TarballTree(tarball.toString(), kept);
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
        if (path.equals("Makefile")) {
            return true;
        }
        boolean source = path.endsWith(".c") || path.endsWith(".h");
        return source && (scope.contains(path) || (path.startsWith("include/") && path.endsWith(".h")));
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

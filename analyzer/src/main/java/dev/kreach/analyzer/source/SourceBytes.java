package dev.kreach.analyzer.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a source file or header from disk the way every reader of kreach must: only a regular file (a FIFO would
 * block the read for ever, a device never end), and at most {@link SourceTree#FILE_BUDGET} bytes. Links are
 * followed; a tree's own containment check is the caller's (build mode reads headers wherever the command line
 * points).
 */
public final class SourceBytes {
    private SourceBytes() {
    }

    /** The bytes of {@code file}; an {@link IOException} whose message says, in words, why not. */
    public static byte[] read(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new IOException(IoReasons.of(e), e);
        }
        if (attributes.isDirectory()) {
            throw new IOException("is a directory");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException("not a regular file (a FIFO, socket or device), which kreach does not open");
        }
        if (attributes.size() > SourceTree.FILE_BUDGET) {
            throw new IOException(tooLarge());
        }
        try (InputStream in = Files.newInputStream(file)) {
            // The size was checked, but a file may grow while it is read.
            byte[] bytes = in.readNBytes((int) SourceTree.FILE_BUDGET + 1);
            if (bytes.length > SourceTree.FILE_BUDGET) {
                throw new IOException(tooLarge());
            }
            return bytes;
        } catch (IOException e) {
            throw new IOException(IoReasons.of(e), e);
        }
    }

    static String tooLarge() {
        return "larger than " + SourceTree.FILE_BUDGET / (1024 * 1024) + " MiB, more than any kernel source file";
    }
}

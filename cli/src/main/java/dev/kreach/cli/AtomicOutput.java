package dev.kreach.cli;

import dev.kreach.analyzer.source.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a report whole or not at all where that can be done without replacing what the user named: onto a
 * regular file (through any symbolic links to it, which stay links) or a new name, a temporary file beside the
 * real file is renamed over it, with the file's own mode kept; onto anything else that can be written (a device such
 * as {@code /dev/null}, a FIFO, {@code /dev/stdout}, a link to nothing yet) the report is written straight into it,
 * as a shell's redirection would; a directory is refused.
 */
final class AtomicOutput {
    private static final Set<PosixFilePermission> REPORT_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicOutput() {
    }

    static void write(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (Files.isDirectory(target)) {
            throw new BadInputException("cannot write " + target + ": it is a directory");
        }
        boolean exists = Files.exists(target) || Files.isSymbolicLink(target);
        if (exists && !Files.isRegularFile(target)) {
            writeInto(target, bytes);
            return;
        }
        Path real;
        try {
            real = exists ? target.toRealPath() : target.toAbsolutePath();
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + dev.kreach.analyzer.source.IoReasons.of(e), e);
        }
        replace(target, real, exists, bytes);
    }

    /** Straight into what is there: nothing of it is replaced, and a reader of a FIFO sees the report as it goes. */
    private static void writeInto(Path target, byte[] bytes) {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + dev.kreach.analyzer.source.IoReasons.of(e), e);
        }
    }

    private static void replace(Path target, Path real, boolean exists, byte[] bytes) {
        Path temp = null;
        try {
            temp = Files.createTempFile(real.getParent(), "." + real.getFileName() + ".", ".tmp");
            Files.write(temp, bytes);
            // A temporary file is private (0600); a new report is read by others, as any file the shell would
            // create, and a report written over a file keeps that file's mode.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, exists
                        ? Files.getPosixFilePermissions(real, LinkOption.NOFOLLOW_LINKS) : REPORT_MODE);
            }
            dev.kreach.analyzer.AtomicFiles.moveIntoPlace(temp, real);
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
            throw new BadInputException("cannot write " + target + ": " + dev.kreach.analyzer.source.IoReasons.of(e), e);
        }
    }
}

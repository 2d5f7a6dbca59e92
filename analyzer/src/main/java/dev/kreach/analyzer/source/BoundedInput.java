package dev.kreach.analyzer.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file the user named within a size budget, so that {@code /dev/zero}, a runaway pipe or a file of the
 * wrong kind is one line of bad input rather than the heap running out.
 */
public final class BoundedInput {
    private BoundedInput() {
    }

    /**
     * The bytes of {@code file}, at most {@code budget} of them; {@code what} names the file in messages
     * ("config", "patch").
     */
    public static byte[] read(Path file, long budget, String what) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot read " + what + " " + file + ": it is a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                total += n;
                if (total > budget) {
                    throw new BadInputException(what + " " + file + " is larger than " + megabytes(budget)
                            + ", more than any " + what + " kreach reads");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + " " + file + ": " + IoReasons.of(e), e);
        }
    }

    private static String megabytes(long bytes) {
        return bytes / (1024 * 1024) + " MiB";
    }
}

package dev.kreach.cli;

import dev.kreach.analyzer.source.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on a file the user named, each failure one line that says what is wrong with it. */
final class UserFile {
    private UserFile() {
    }

    /** A YAML file kreach reads whole: it must exist and be a regular file (not a directory, FIFO or device). */
    static void requireRegular(Path file, String what) {
        if (!Files.exists(file)) {
            throw new BadInputException("no such " + what + ": " + file);
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot read " + what + " " + file + ": it is a directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("cannot read " + what + " " + file + ": not a regular file (a FIFO, "
                    + "socket or device)");
        }
    }
}

package dev.kreach.analyzer;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Finished files put in place whole: a reader sees the old file or the new one, never half of either. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Renames {@code temporary} (in {@code target}'s directory) over {@code target}, atomically where the file system
     * can, else by a plain replace.
     */
    public static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

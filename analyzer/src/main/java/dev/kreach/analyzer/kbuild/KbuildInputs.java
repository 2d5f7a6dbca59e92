package dev.kreach.analyzer.kbuild;

import dev.kreach.analyzer.source.SourceTree;
import java.util.Set;

/**
 * Whether kbuild's view of a tree (its configuration defaults and file list) can differ after some files changed.
 * It is read from the Kconfig files, the Makefiles and Kbuild files and what they include, and from which files and
 * directories exist; so it can differ when a file of those names changed, or any file was added or removed.
 */
public final class KbuildInputs {
    private KbuildInputs() {
    }

    /**
     * @param changed the paths that differ between {@code before} and {@code after}
     * @return false only when kbuild's evaluation of {@code before} is that of {@code after}
     */
    public static boolean mayDiffer(Set<String> changed, SourceTree before, SourceTree after) {
        for (String path : changed) {
            if (isKbuildFile(path) || before.exists(path) != after.exists(path)) {
                return true;
            }
        }
        return false;
    }

    /** Kconfig*, Makefile*, Kbuild*, *.mk and *.include: what Kconfig sources and Makefiles include, by name. */
    static boolean isKbuildFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith("Kconfig") || name.startsWith("Makefile") || name.startsWith("Kbuild")
                || name.endsWith(".mk") || name.endsWith(".include");
    }
}

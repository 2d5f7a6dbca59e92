package dev.kreach.analyzer.build;

import dev.kreach.analyzer.source.SourceBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The build's headers, each read from disk once per run however many translation units include it (a kernel
 * translation unit includes several hundred). Lookups that fail are remembered too: include search tries every
 * directory on the path.
 */
public final class HeaderFiles {
    private final ConcurrentHashMap<String, Boolean> exists = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Optional<char[]>> texts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> unreadable = new ConcurrentHashMap<>();
    private final CdtCompat compat;

    /** @param keptAsCalls modelled names whose macro definitions are dropped (see {@link CdtCompat}) */
    public HeaderFiles(java.util.Set<String> keptAsCalls) {
        this.compat = new CdtCompat(keptAsCalls);
    }

    boolean exists(String path) {
        return exists.computeIfAbsent(path, p -> {
            if (p.equals(CdtCompat.PATH) || Files.isRegularFile(Path.of(p))) {
                return true;
            }
            if (Files.exists(Path.of(p))) {
                // There, but not a file the preprocessor may open (a FIFO would block it): named, then passed by.
                unreadable.putIfAbsent(p, Files.isDirectory(Path.of(p)) ? "is a directory"
                        : "not a regular file (a FIFO, socket or device), which kreach does not open");
            }
            return false;
        });
    }

    /** The file's text, or empty when it cannot be read (the preprocessor then reports the include as missing). */
    Optional<char[]> text(String path) {
        return texts.computeIfAbsent(path, p -> {
            try {
                if (p.equals(CdtCompat.PATH)) {
                    return Optional.of(CdtCompat.text());
                }
                String text = new String(SourceBytes.read(Path.of(p)), StandardCharsets.UTF_8);
                return Optional.of(compat.shadow(text).toCharArray());
            } catch (IOException | RuntimeException e) {
                unreadable.putIfAbsent(p, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /**
     * Headers an include resolved to that could not be read, by path, with the reason: each include of one reads
     * as missing, and the scan names them as skipped.
     */
    public java.util.SortedMap<String, String> unreadable() {
        return new java.util.TreeMap<>(unreadable);
    }

    /** How many distinct headers were read, for stats. */
    public int count() {
        return texts.size();
    }
}

package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.FileFacts;
import java.nio.file.Path;

/** Where kbuild would find an {@code #include}: {@code "x.h"} beside the file, {@code <x.h>} under include/. */
public final class IncludePaths {
    private IncludePaths() {
    }

    public static String resolve(String includingFile, FileFacts.Include include) {
        if (include.system()) {
            return "include/" + include.name();
        }
        int slash = includingFile.lastIndexOf('/');
        String dir = slash < 0 ? "" : includingFile.substring(0, slash + 1);
        return Path.of(dir + include.name()).normalize().toString().replace('\\', '/');
    }
}

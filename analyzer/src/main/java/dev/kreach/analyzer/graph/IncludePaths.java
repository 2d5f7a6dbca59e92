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
        String name = include.name();
        // Nearly every include names a file below its directory: nothing for a normalisation to do.
        if (!name.contains("./") && !name.contains("//") && !name.startsWith("/") && name.indexOf('\\') < 0
                && !name.equals(".") && !name.equals("..") && !name.endsWith("/.") && !name.endsWith("/..")) {
            return dir + name;
        }
        return Path.of(dir + name).normalize().toString().replace('\\', '/');
    }
}

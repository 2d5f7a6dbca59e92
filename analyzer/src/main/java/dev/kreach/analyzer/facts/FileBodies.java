package dev.kreach.analyzer.facts;

import java.util.Map;

/** The bodies of one file's functions by name, and its file-scope initializers ({@code fileScope}). */
public record FileBodies(String path, FunctionBody fileScope, Map<String, FunctionBody> functions) {
    public FileBodies {
        functions = Map.copyOf(functions);
    }
}

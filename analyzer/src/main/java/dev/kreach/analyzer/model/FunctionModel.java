package dev.kreach.analyzer.model;

import java.util.List;

/**
 * A kernel function outside the scope and what it calls; {@code source} is "file:line" of its model entry;
 * {@code definedIn}, when the model names it, the tree's file that defines the function (mm/truncate.c), so that a
 * chain step through the model can point at the call in the tree; null when not named.
 */
public record FunctionModel(String function, List<ModelCall> calls, String source, String definedIn) {
    public FunctionModel {
        calls = List.copyOf(calls);
    }
}

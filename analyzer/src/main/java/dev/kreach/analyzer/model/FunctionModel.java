package dev.kreach.analyzer.model;

import java.util.List;

/** A kernel function outside the scope and what it calls; {@code source} is "file:line" of its model entry. */
public record FunctionModel(String function, List<ModelCall> calls, String source) {
    public FunctionModel {
        calls = List.copyOf(calls);
    }
}

package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.Position;

/** Where a function is stored into a typed struct field by name: {@code req->r_callback = finish_read}. */
public record BindingSite(FunctionId function, Position site) {
}

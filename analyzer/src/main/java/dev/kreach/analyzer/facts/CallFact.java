package dev.kreach.analyzer.facts;

import java.util.List;

/** One call expression inside a function body: where it starts ({@code site}) and where it ends (inclusive). */
public record CallFact(String caller, Callee callee, Position site, Position end, List<Argument> arguments,
        String text) {
    public CallFact {
        arguments = List.copyOf(arguments);
    }
}

package dev.kreach.analyzer.facts;

import java.util.List;

/** One call expression inside a function body. */
public record CallFact(String caller, Callee callee, Position site, List<Argument> arguments, String text) {
    public CallFact {
        arguments = List.copyOf(arguments);
    }
}

package dev.kreach.analyzer.facts;

import java.util.List;

/** A {@code return} of a function body: its value and the guards it runs under. */
public record Return(Value value, List<Guard> guards, Position site) {
    public Return {
        guards = List.copyOf(guards);
    }
}

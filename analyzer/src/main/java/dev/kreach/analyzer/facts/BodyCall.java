package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * A call inside a function body, as the value tracer reads it: where it is (the same place as its {@link CallFact};
 * {@code end}: just past its closing parenthesis),
 * what it calls ({@code name} for a named callee, else null; for a call through a field, the object holding the
 * field, {@code base}, and the {@code field}), the value of each argument, and the guards it runs under (the
 * conditions of the branches it sits in, and of the early returns before it).
 */
public record BodyCall(Position site, Position end, String name, Value base, String field, List<Value> arguments,
        List<Guard> guards) {
    public BodyCall {
        arguments = List.copyOf(arguments);
        guards = List.copyOf(guards);
    }

    /** The called value of a field call: {@code base->field}; null for other calls. */
    public Value called() {
        return base == null ? null : base.with(List.of(field));
    }
}

package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * A branch condition as the chain check reads it: what must hold for a call to run ({@code if (!fully_written)},
 * {@code if (offload) ... else}, {@code if (i->value && i->in_inode)}, an early {@code if (x) return;}). Only the
 * shapes a constant can decide are kept; anything else is {@link Opaque}.
 */
public sealed interface Condition {
    /** {@code v}: true when non-zero. */
    record Truth(Value value) implements Condition {
    }

    record Not(Condition operand) implements Condition {
    }

    record And(Condition left, Condition right) implements Condition {
    }

    record Or(Condition left, Condition right) implements Condition {
    }

    /** {@code left op right}, op one of {@code == != < <= > >=}. */
    record Compare(String op, Value left, Value right) implements Condition {
    }

    /** {@code left & right}: true when the bits meet. */
    record BitTest(Value left, Value right) implements Condition {
    }

    /** {@code name(arguments...)}: true when the function returns non-zero (a predicate of its arguments). */
    record Call(String name, List<Value> arguments) implements Condition {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** A condition no constant decides here. */
    record Opaque() implements Condition {
    }

    Condition OPAQUE = new Opaque();

    static Condition not(Condition c) {
        return c instanceof Not n ? n.operand() : c instanceof Opaque ? c : new Not(c);
    }
}

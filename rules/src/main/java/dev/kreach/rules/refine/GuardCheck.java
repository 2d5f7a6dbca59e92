package dev.kreach.rules.refine;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.Condition;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Guard;
import dev.kreach.analyzer.facts.Return;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.FunctionId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides a call's guards from the constants the chain passes: a three-valued evaluation (true, false, unknown) of
 * each condition, every value in it traced along the chain ({@link ValueTrace}) to the set of constants it can be.
 * A value the tracer cannot follow, a non-constant, or a name without a value here (a macro of a header fast mode
 * does not read) makes its condition unknown, so only what the constants decide is decided. A predicate function of
 * the chain's values ({@code may_wait_transaction(fs_info, type)}) is decided from its returns: those whose own
 * guards the arguments do not make false, and what they return.
 */
final class GuardCheck {
    enum Tri {
        TRUE, FALSE, UNKNOWN;

        Tri not() {
            return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
        }

        Tri and(Tri other) {
            return this == FALSE || other == FALSE ? FALSE : this == TRUE && other == TRUE ? TRUE : UNKNOWN;
        }

        Tri or(Tri other) {
            return not().and(other.not()).not();
        }
    }

    /** Which constants a value can be: a set, or null when it is not known to be one of a few constants. */
    private interface Values extends Function<Value, Set<Long>> {
    }

    /** A value that is some function: not zero, not a known constant. */
    private static final long NONZERO = Long.MIN_VALUE;

    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final int depth;

    GuardCheck(CallGraph graph, FunctionBodies bodies, int depth) {
        this.graph = graph;
        this.bodies = bodies;
        this.depth = depth;
    }

    /** What decided a guard false: the values its condition's terms had, with where each came from. */
    record Decided(Guard guard, String values) {
    }

    /** The first guard of {@code guards} the chain's values make false at {@code hop}, or null. */
    Decided falseGuard(List<Guard> guards, ValueTrace trace, int hop, FunctionId function) {
        List<String> parameters = graph.definition(function).map(f -> f.parameters()).orElse(List.of());
        for (Guard guard : guards) {
            List<String> evidence = new ArrayList<>();
            // A literal needs no evidence of its value; the terms the chain gave a value do.
            Values values = v -> constants(trace.more(v, hop, depth), named(v, parameters),
                    v instanceof Value.Constant ? new ArrayList<>() : evidence);
            if (eval(guard.condition(), values, true) == Tri.FALSE) {
                return new Decided(guard, String.join(", ", new java.util.LinkedHashSet<>(evidence)));
            }
        }
        return null;
    }

    /** {@code i->value} for parameter 1's {@code value} field of {@code set_xattr(struct xattr_info *i)}. */
    private static String named(Value value, List<String> parameters) {
        if (value instanceof Value.Parameter p && p.index() < parameters.size()) {
            StringBuilder out = new StringBuilder(parameters.get(p.index()));
            p.fields().forEach(f -> out.append("->").append(f));
            return out.toString();
        }
        return value.text();
    }

    private static Set<Long> constants(List<ValueTrace.Source> sources, String value, List<String> evidence) {
        if (sources.isEmpty()) {
            return null;
        }
        Set<Long> out = new HashSet<>();
        for (ValueTrace.Source source : sources) {
            if (source.unknown()) {
                return null;
            }
            out.add(source.constant() != null ? source.constant() : NONZERO);
        }
        for (ValueTrace.Source source : sources) {
            if (source.constant() != null) {
                evidence.add(value + " = " + source.constant() + " (" + source.site().file() + ":"
                        + source.site().line() + ")");
            }
        }
        return out;
    }

    private Tri eval(Condition condition, Values values, boolean predicates) {
        if (condition instanceof Condition.Not not) {
            return eval(not.operand(), values, predicates).not();
        }
        // The right side is traced only when the left does not decide (C's own short circuit).
        if (condition instanceof Condition.And and) {
            Tri left = eval(and.left(), values, predicates);
            return left == Tri.FALSE ? left : left.and(eval(and.right(), values, predicates));
        }
        if (condition instanceof Condition.Or or) {
            Tri left = eval(or.left(), values, predicates);
            return left == Tri.TRUE ? left : left.or(eval(or.right(), values, predicates));
        }
        if (condition instanceof Condition.Truth truth) {
            return truth(values.apply(truth.value()));
        }
        if (condition instanceof Condition.Compare compare) {
            return compare(compare.op(), values.apply(compare.left()), values.apply(compare.right()));
        }
        if (condition instanceof Condition.BitTest bits) {
            return bits(values.apply(bits.left()), values.apply(bits.right()));
        }
        if (condition instanceof Condition.Call call && predicates) {
            return predicate(call, values);
        }
        return Tri.UNKNOWN;
    }

    private static Tri truth(Set<Long> values) {
        if (values == null) {
            return Tri.UNKNOWN;
        }
        boolean zero = values.contains(0L);
        boolean nonzero = values.stream().anyMatch(v -> v != 0L);
        return zero && !nonzero ? Tri.FALSE : nonzero && !zero ? Tri.TRUE : Tri.UNKNOWN;
    }

    private static Tri compare(String op, Set<Long> left, Set<Long> right) {
        return across(left, right, (a, b) -> {
            if (a == NONZERO || b == NONZERO) {
                boolean withZero = (a == NONZERO && b == 0) || (b == NONZERO && a == 0);
                return withZero && op.equals("==") ? Tri.FALSE : withZero && op.equals("!=") ? Tri.TRUE : Tri.UNKNOWN;
            }
            boolean holds = switch (op) {
                case "==" -> a.longValue() == b.longValue();
                case "!=" -> a.longValue() != b.longValue();
                case "<" -> a < b;
                case "<=" -> a <= b;
                case ">" -> a > b;
                default -> a >= b;
            };
            return holds ? Tri.TRUE : Tri.FALSE;
        });
    }

    private static Tri bits(Set<Long> left, Set<Long> right) {
        return across(left, right, (a, b) -> a == NONZERO || b == NONZERO ? Tri.UNKNOWN
                : (a & b) != 0 ? Tri.TRUE : Tri.FALSE);
    }

    /** {@code one} over every pair of the two value sets: decided only when every pair agrees. */
    private static Tri across(Set<Long> left, Set<Long> right, java.util.function.BiFunction<Long, Long, Tri> one) {
        if (left == null || right == null) {
            return Tri.UNKNOWN;
        }
        Tri result = null;
        for (long a : left) {
            for (long b : right) {
                Tri pair = one.apply(a, b);
                if (result == null) {
                    result = pair;
                } else if (result != pair) {
                    return Tri.UNKNOWN;
                }
            }
        }
        return result == null ? Tri.UNKNOWN : result;
    }

    /**
     * A predicate's result: its returns whose guards its arguments do not make false, each returning a constant or
     * an argument. Its parameters stand for the call's arguments; anything else in it is unknown.
     */
    private Tri predicate(Condition.Call call, Values callerValues) {
        Optional<FunctionId> defined = graph.named(call.name()).stream()
                .filter(f -> graph.definition(f).isPresent()).findFirst();
        if (defined.isEmpty() || graph.named(call.name()).stream().filter(f -> graph.definition(f).isPresent())
                .count() != 1) {
            return Tri.UNKNOWN;
        }
        Optional<FunctionBody> body = graph.definition(defined.get()).flatMap(f -> bodies.of(f.file(),
                defined.get().name()));
        if (body.isEmpty() || body.get().returns().isEmpty()) {
            return Tri.UNKNOWN;
        }
        Values inPredicate = v -> {
            if (v instanceof Value.Parameter p && p.index() < call.arguments().size()) {
                return callerValues.apply(call.arguments().get(p.index()).with(p.fields()));
            }
            return v instanceof Value.Constant c ? Set.of(c.value()) : null;
        };
        Set<Long> results = new HashSet<>();
        for (Return ret : body.get().returns()) {
            boolean dead = false;
            for (Guard guard : ret.guards()) {
                if (eval(guard.condition(), inPredicate, false) == Tri.FALSE) {
                    dead = true;
                    break;
                }
            }
            if (dead) {
                continue;
            }
            Set<Long> value = inPredicate.apply(ret.value());
            if (value == null) {
                return Tri.UNKNOWN;
            }
            results.addAll(value);
        }
        return results.isEmpty() ? Tri.UNKNOWN : truth(results);
    }
}

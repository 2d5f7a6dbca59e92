package dev.kreach.rules.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule looks for: calls to a {@code sinks} function reachable from a context's entry points, except inside a
 * sanctioned deferred-put helper, and except a sink call balanced by a {@code balancedBy} call (ihold, igrab) earlier
 * in the same function on the same parameter: that put returns a reference the function itself took, while its
 * caller still holds one, so it is never the last. {@code sources} says which pack entries made it ("file:line").
 */
public record RuleSpec(String id, List<String> sinks, List<ContextEntry> contexts, List<String> deferredPuts,
        List<String> balancedBy, List<String> sources) {

    public RuleSpec {
        sinks = List.copyOf(sinks);
        contexts = List.copyOf(contexts);
        deferredPuts = List.copyOf(deferredPuts);
        balancedBy = List.copyOf(balancedBy);
        sources = List.copyOf(sources);
    }

    /** This rule with another pack's additions (a user's pack extending a built-in rule). */
    RuleSpec plus(RuleSpec more) {
        return new RuleSpec(id, union(sinks, more.sinks), union(contexts, more.contexts),
                union(deferredPuts, more.deferredPuts), union(balancedBy, more.balancedBy),
                union(sources, more.sources));
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        for (T t : b) {
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}

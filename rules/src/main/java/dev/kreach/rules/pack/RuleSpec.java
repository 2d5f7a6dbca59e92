package dev.kreach.rules.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule looks for: calls to a {@code sinks} function reachable from a context's entry points, except inside a
 * sanctioned deferred-put helper. Whether such a put can be the last reference is judged from the pack's
 * reference calls: {@code balancedBy} take a reference on their argument (ihold, igrab), {@code referencedBy} return
 * a referenced object (igrab, ilookup, iget_locked); {@code notLastPuts} put a reference that is not the last
 * (iput_not_last, iput_if_not_last), offered as fixes. {@code sources} says which pack entries made it ("file:line").
 */
public record RuleSpec(String id, List<String> sinks, List<ContextEntry> contexts, List<String> deferredPuts,
        List<String> balancedBy, List<String> referencedBy, List<String> notLastPuts, List<String> sources) {

    public RuleSpec {
        sinks = List.copyOf(sinks);
        contexts = List.copyOf(contexts);
        deferredPuts = List.copyOf(deferredPuts);
        balancedBy = List.copyOf(balancedBy);
        referencedBy = List.copyOf(referencedBy);
        notLastPuts = List.copyOf(notLastPuts);
        sources = List.copyOf(sources);
    }

    /** This rule with another pack's additions (a user's pack extending a built-in rule). */
    RuleSpec plus(RuleSpec more) {
        return new RuleSpec(id, union(sinks, more.sinks), union(contexts, more.contexts),
                union(deferredPuts, more.deferredPuts), union(balancedBy, more.balancedBy),
                union(referencedBy, more.referencedBy), union(notLastPuts, more.notLastPuts),
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

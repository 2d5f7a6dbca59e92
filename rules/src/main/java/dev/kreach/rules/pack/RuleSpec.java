package dev.kreach.rules.pack;

import java.util.List;

/**
 * What a rule looks for: calls to a {@code sinks} function reachable from a context's entry points, except inside a
 * sanctioned deferred-put helper. Whether such a put can be the last reference is judged from the pack's
 * {@code references} calls. {@code sources} says which pack entries made it ("file:line").
 */
public record RuleSpec(String id, List<String> sinks, List<ContextEntry> contexts, List<String> deferredPuts,
        ReferenceCalls references, List<String> sources) {

    public RuleSpec {
        sinks = List.copyOf(sinks);
        contexts = List.copyOf(contexts);
        deferredPuts = List.copyOf(deferredPuts);
        sources = List.copyOf(sources);
    }

    /** This rule with another pack's additions (a user's pack extending a built-in rule). */
    RuleSpec plus(RuleSpec more) {
        return new RuleSpec(id, ReferenceCalls.union(sinks, more.sinks), ReferenceCalls.union(contexts, more.contexts),
                ReferenceCalls.union(deferredPuts, more.deferredPuts), references.plus(more.references),
                ReferenceCalls.union(sources, more.sources));
    }
}

package dev.kreach.rules.pack;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a rule looks for: calls to a {@code sinks} function reachable from a context's entry points, except inside a
 * sanctioned deferred-put helper. Whether such a put can be the last reference is judged from the pack's
 * {@code references} calls. {@code sources} says which pack entries made it ("file:line"). {@code homes}: for the
 * contexts whose pack entry says so ({@code in: net/ceph}), where in the tree they are bound, so that a scan whose
 * scope misses them can say which scope to add.
 */
public record RuleSpec(String id, List<String> sinks, List<ContextEntry> contexts, List<String> deferredPuts,
        ReferenceCalls references, List<String> sources, Map<ContextEntry, String> homes) {

    public RuleSpec {
        sinks = List.copyOf(sinks);
        contexts = List.copyOf(contexts);
        deferredPuts = List.copyOf(deferredPuts);
        sources = List.copyOf(sources);
        homes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(homes));
    }

    /** A rule whose contexts name no home. */
    public RuleSpec(String id, List<String> sinks, List<ContextEntry> contexts, List<String> deferredPuts,
            ReferenceCalls references, List<String> sources) {
        this(id, sinks, contexts, deferredPuts, references, sources, Map.of());
    }

    /**
     * A rule and the additions packs make to it (a user's pack extending a built-in rule), each list in first-seen
     * order without repeats. Accumulated, not rebuilt per addition: a generated pack may extend one rule thousands
     * of times.
     */
    static final class Merger {
        private final String id;
        private final Set<String> sinks = new LinkedHashSet<>();
        private final Set<ContextEntry> contexts = new LinkedHashSet<>();
        private final Set<String> deferredPuts = new LinkedHashSet<>();
        private final ReferenceCalls.Merger references = new ReferenceCalls.Merger();
        private final Set<String> sources = new LinkedHashSet<>();
        private final Map<ContextEntry, String> homes = new java.util.LinkedHashMap<>();

        Merger(RuleSpec first) {
            this.id = first.id;
            add(first);
        }

        void add(RuleSpec more) {
            sinks.addAll(more.sinks);
            contexts.addAll(more.contexts);
            deferredPuts.addAll(more.deferredPuts);
            references.add(more.references);
            sources.addAll(more.sources);
            more.homes.forEach(homes::putIfAbsent);
        }

        RuleSpec spec() {
            return new RuleSpec(id, List.copyOf(sinks), List.copyOf(contexts), List.copyOf(deferredPuts),
                    references.calls(), List.copyOf(sources), homes);
        }
    }
}

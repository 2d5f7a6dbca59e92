package dev.kreach.rules.reach;

import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.Component;
import dev.kreach.analyzer.graph.Deferral;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.rules.pack.ContextEntry;
import dev.kreach.rules.pack.RuleSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one rule over a call graph: one breadth-first search from all the entry points of the rule's context
 * ({@link ChainSearch}), with the edges out of sinks and deferred-put helpers masked: a chain does not go on through
 * an iput() into eviction, nor into the helper whose job is to defer it. Deferrals are not edges, so a chain never
 * crosses into a queued work function, and calls through generic interfaces stay with the components the chain runs
 * for. Every DIRECT call of a sink from a reached function is a finding, with the shortest chain over all entry
 * points (ties go to the entry point first in name order).
 */
public final class ContextReachability {
    private final CallGraph graph;
    private final java.util.function.Function<java.util.Collection<dev.kreach.analyzer.facts.Position>,
            List<String>> configurations;

    public ContextReachability(CallGraph graph) {
        this(graph, places -> List.of());
    }

    /** @param configurations the configuration a finding's places rest on (see ScanResult#configurations) */
    public ContextReachability(CallGraph graph, java.util.function.Function<java.util.Collection<
            dev.kreach.analyzer.facts.Position>, List<String>> configurations) {
        this.graph = graph;
        this.configurations = configurations;
    }

    /** The entry points of a context, sorted by qualified name. */
    public List<FunctionId> entryPoints(List<ContextEntry> contexts) {
        TreeSet<FunctionId> entries = new TreeSet<>();
        for (ContextEntry context : contexts) {
            entries.addAll(entriesOf(context));
        }
        return new ArrayList<>(entries);
    }

    private List<FunctionId> entriesOf(ContextEntry context) {
        if (context instanceof ContextEntry.Field field) {
            return graph.boundTo(field.struct(), field.field());
        }
        if (context instanceof ContextEntry.Work work) {
            String item = work.struct() + "." + work.field();
            return graph.deferrals().stream().filter(d -> item.equals(d.workItem()) && d.callback() != null)
                    .map(Deferral::callback).distinct().toList();
        }
        String name = ((ContextEntry.Function) context).name();
        return graph.named(name).stream().filter(f -> graph.definition(f).isPresent()).toList();
    }

    public List<Finding> check(RuleSpec rule) {
        Set<String> sinks = Set.copyOf(rule.sinks());
        Set<String> helpers = Set.copyOf(rule.deferredPuts());
        Map<FunctionId, String> contextOf = new LinkedHashMap<>();
        for (ContextEntry context : rule.contexts()) {
            for (FunctionId entry : entriesOf(context)) {
                contextOf.putIfAbsent(entry, context.toString());
            }
        }
        // CALLBACK edges join every function passed to a callback parameter from any caller; CALLBACK_ARGUMENT
        // edges say the same per call site, so a chain only reaches the callback its own caller passed. A chain
        // never goes on through a sink (into eviction) or a deferred-put helper.
        // Nor through a function that never returns, one that only reports, or a release the kernel defers.
        java.util.function.Predicate<CallEdge> masked = e -> e.kind() == EdgeKind.CALLBACK
                || sinks.contains(e.caller().name()) || helpers.contains(e.caller().name())
                || graph.stopsChain(e) != null;
        // One search per component of entry points (see ChainSearch), in component order; entry points in name
        // order within each, so ties between equally short chains always go the same way.
        Map<String, List<FunctionId>> byComponent = new java.util.TreeMap<>();
        for (FunctionId entry : new TreeSet<>(contextOf.keySet())) {
            String file = graph.definition(entry).map(f -> f.file()).orElse("");
            byComponent.computeIfAbsent(Component.of(file), k -> new ArrayList<>()).add(entry);
        }
        List<CallEdge> sinkCalls = new ArrayList<>();
        for (CallEdge sinkCall : sinkCalls(sinks)) {
            if (!helpers.contains(sinkCall.caller().name()) && !balanced(sinkCall, rule.balancedBy())) {
                sinkCalls.add(sinkCall);
            }
        }
        Map<CallEdge, Chain> best = new HashMap<>();
        ChainSearch search = new ChainSearch(graph, masked);
        for (List<FunctionId> entries : byComponent.values()) {
            search.search(entries);
            for (CallEdge sinkCall : sinkCalls) {
                List<CallEdge> path = search.chainTo(sinkCall.caller());
                if (path == null) {
                    continue;
                }
                List<CallEdge> edges = new ArrayList<>(path);
                edges.add(sinkCall);
                FunctionId entry = search.entryOf(sinkCall.caller());
                Chain chain = new Chain(entry, contextOf.get(entry), edges);
                best.merge(sinkCall, chain, (a, b) -> b.edges().size() < a.edges().size()
                        || (b.edges().size() == a.edges().size() && b.entry().compareTo(a.entry()) < 0) ? b : a);
            }
        }
        return findings(rule.id(), best);
    }

    /**
     * Whether the same function took a reference on the sink call's argument before the sink call, and that
     * argument is one of its parameters: its caller holds a reference across the call, so this put is not the last.
     * (A reference taken on something the function looked up, say a cap's inode, gives no such guarantee: the
     * calls in between may drop the other reference.)
     */
    private boolean balanced(CallEdge sinkCall, List<String> balancedBy) {
        String argument = argumentText(sinkCall.text());
        boolean parameter = graph.definition(sinkCall.caller()).map(f -> f.parameters().contains(argument))
                .orElse(false);
        if (!parameter) {
            return false;
        }
        for (CallEdge edge : graph.callees(sinkCall.caller())) {
            if (edge.kind() == EdgeKind.DIRECT && balancedBy.contains(edge.callee().name())
                    && edge.site().compareTo(sinkCall.site()) < 0 && argument.equals(argumentText(edge.text()))) {
                return true;
            }
        }
        return false;
    }

    /** "inode" of "iput(inode)". */
    static String argumentText(String call) {
        int open = call.indexOf('(');
        int close = call.lastIndexOf(')');
        return open < 0 || close < open ? "" : call.substring(open + 1, close).strip();
    }

    /** Direct calls of a sink, in source order. */
    private List<CallEdge> sinkCalls(Set<String> sinks) {
        List<CallEdge> calls = new ArrayList<>();
        for (String sink : new TreeSet<>(sinks)) {
            for (FunctionId id : graph.named(sink)) {
                for (CallEdge edge : graph.callers(id)) {
                    if (edge.kind() == EdgeKind.DIRECT) {
                        calls.add(edge);
                    }
                }
            }
        }
        calls.sort(Comparator.comparing(CallEdge::site));
        return calls;
    }

    private List<Finding> findings(String rule, Map<CallEdge, Chain> best) {
        List<CallEdge> sites = new ArrayList<>(best.keySet());
        sites.sort(Comparator.comparing(CallEdge::site));
        Map<String, Integer> ordinals = new HashMap<>();
        List<Finding> out = new ArrayList<>();
        for (CallEdge sinkCall : sites) {
            Chain chain = best.get(sinkCall);
            List<Hop> hops = new ArrayList<>();
            for (CallEdge edge : chain.edges) {
                hops.add(new Hop(edge.caller(), edge.site(), edge.kind(), edge.via()));
            }
            String key = sinkCall.caller().qualified() + "|" + sinkCall.text();
            int ordinal = ordinals.merge(key, 1, Integer::sum) - 1;
            List<dev.kreach.analyzer.facts.Position> places = new ArrayList<>();
            hops.forEach(h -> places.add(h.site()));
            places.add(sinkCall.site());
            out.add(new Finding(rule, sinkCall.site(), sinkCall.callee(), sinkCall.caller(), sinkCall.text(),
                    chain.entry, chain.context, hops, ordinal, configurations.apply(places)));
        }
        return out;
    }

    private record Chain(FunctionId entry, String context, List<CallEdge> edges) {
    }

    /** Every rule of a pack, findings in rule order then source order. */
    public static List<Finding> checkAll(CallGraph graph, List<RuleSpec> rules) {
        return checkAll(graph, rules, places -> List.of());
    }

    /** Every rule of a pack, each finding with the configuration its places rest on. */
    public static List<Finding> checkAll(CallGraph graph, List<RuleSpec> rules,
            java.util.function.Function<java.util.Collection<dev.kreach.analyzer.facts.Position>, List<String>>
                    configurations) {
        ContextReachability reachability = new ContextReachability(graph, configurations);
        List<Finding> all = new ArrayList<>();
        for (RuleSpec rule : rules) {
            all.addAll(reachability.check(rule));
        }
        return all;
    }
}

package dev.kreach.rules.reach;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.Deferral;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.graph.GraphChange;
import dev.kreach.analyzer.graph.IncrementalGraph;
import dev.kreach.analyzer.graph.Reads;
import dev.kreach.rules.last.FixSuggestion;
import dev.kreach.rules.last.BalancedOnFailure;
import dev.kreach.rules.last.HeldAcrossCallback;
import dev.kreach.rules.last.HeldByCaller;
import dev.kreach.rules.last.NeverVisible;
import dev.kreach.rules.last.HeldHere;
import dev.kreach.rules.last.LastReference;
import dev.kreach.rules.last.LastReferenceJudge;
import dev.kreach.rules.pack.ContextEntry;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.pack.ReferenceCalls;
import dev.kreach.rules.pack.RuleSpec;
import dev.kreach.rules.pack.SearchSettings;
import dev.kreach.rules.refine.ChainCheck;
import dev.kreach.rules.refine.HopVerdict;
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
    private final SearchSettings settings;
    private final FunctionBodies bodies;
    /** Where modelled calls are in the tree (none when built from a bare graph). */
    private dev.kreach.analyzer.model.ModelPlaces modelPlaces = dev.kreach.analyzer.model.ModelPlaces.NONE;
    private final java.util.function.Function<java.util.Collection<dev.kreach.analyzer.facts.Position>,
            List<String>> configurations;

    /** With the bundled pack's search settings, no function bodies (indirect hops stay unverified), no configurations. */
    public ContextReachability(CallGraph graph) {
        this(graph, FunctionBodies.none(), RulePack.bundled().settings(), places -> List.of());
    }

    /**
     * @param bodies the scan's function bodies, read again to check each chain hop by hop
     * @param configurations the configuration a finding's places rest on (see ScanResult#configurations)
     */
    public ContextReachability(CallGraph graph, FunctionBodies bodies, SearchSettings settings,
            java.util.function.Function<java.util.Collection<dev.kreach.analyzer.facts.Position>, List<String>>
                    configurations) {
        this.graph = graph;
        this.bodies = bodies;
        this.settings = settings;
        this.configurations = configurations;
    }

    /** With the scan's bodies and configurations and the pack's settings. */
    public ContextReachability(ScanResult scan, RulePack pack) {
        this(scan.graph(), scan.bodies(), pack.settings(), scan.configurations());
        this.modelPlaces = scan.modelPlaces();
    }

    /**
     * Where a chain step is shown: its call site, or for a call a model describes, that call in the modelled
     * function's definition in the tree when the scan found it.
     */
    private dev.kreach.analyzer.facts.Position placeOf(CallEdge edge) {
        if (edge.kind() != EdgeKind.MODEL) {
            return edge.site();
        }
        String iface = ChainCheck.interfaceOf(edge);
        String target = iface != null ? iface.substring(iface.lastIndexOf('.') + 1) : edge.callee().name();
        return modelPlaces.callOf(edge.caller().name(), target).orElse(edge.site());
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
        String name = context instanceof ContextEntry.Thread thread ? thread.name()
                : ((ContextEntry.Function) context).name();
        return graph.named(name).stream().filter(f -> graph.definition(f).isPresent()).toList();
    }

    public List<Finding> check(RuleSpec rule) {
        return findings(rule, run(rule, entry -> true, true).chosen());
    }

    /** What a run over the graph this one's was updated from computed; null: everything is computed here. */
    private ReachMemo earlier;
    private GraphChange change;
    private java.util.function.Predicate<String> fileChanged;
    private ReachMemo memo = new ReachMemo(null);

    /**
     * Makes this run one over {@code updated}'s graph that takes over, from {@code earlier}, every search and check
     * the update left standing, when {@code earlier} was computed over the graph {@code updated} was updated from
     * (anything else is computed again). {@code fileChanged} tells whether a file's bodies may read otherwise than
     * in the tree {@code earlier} was computed on: the file, or a header beside it, changed.
     */
    public ContextReachability updating(IncrementalGraph updated, ReachMemo earlier,
            java.util.function.Predicate<String> fileChanged) {
        if (updated.graph() != graph) {
            throw new IllegalArgumentException("a run updates the graph it is over");
        }
        memo = new ReachMemo(updated.identity());
        GraphChange made = updated.change().orElse(null);
        if (earlier != null && made != null && earlier.graph() != null && earlier.graph().equals(made.from())) {
            this.earlier = earlier;
            this.change = made;
            this.fileChanged = fileChanged;
        }
        return this;
    }

    /** What the rules checked so far computed, for a run over an update of this graph to take over. */
    public ReachMemo memo() {
        return memo;
    }

    /**
     * The functions, as {@link ChainSearch#hash} numbers, sorted, whose searches the change can make pass otherwise:
     * those whose calls or definitions changed, the callers of the latter (a callee may now never return), and
     * those calling through an interface whose dispatch changed; null when what the trail of every search records
     * changed, and no search can be taken over.
     */
    private long[] changedFunctions(ReachMemo.Rule before, ReachMemo.Rule now, LazyIndex search) {
        if (!before.owners.equals(now.owners)) {
            return null;
        }
        Set<FunctionId> dirty = new java.util.HashSet<>(change.calls());
        dirty.addAll(change.defined());
        for (FunctionId defined : change.defined()) {
            for (CallEdge edge : graph.callers(defined)) {
                dirty.add(edge.caller());
            }
        }
        Set<String> ifaces = differing(before.dispatch, now.dispatch);
        Set<String> components = differing(before.joins, now.joins);
        if (!ifaces.isEmpty() || !components.isEmpty()) {
            dirty.addAll(search.get().passingThrough(ifaces, components));
        }
        return dirty.stream().mapToLong(ChainSearch::hash).sorted().toArray();
    }

    private static <V> Set<String> differing(Map<String, V> a, Map<String, V> b) {
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.removeIf(k -> java.util.Objects.equals(a.get(k), b.get(k)));
        return keys;
    }

    /** Checks {@code chain}, recording what the check reads. */
    private static ReachMemo.Check check(ChainCheck checker, Chain chain) {
        Reads.Recorded<ChainCheck.Result> done = Reads.record(
                () -> checker.check(chain.edges(), entryTable(chain.context())));
        return new ReachMemo.Check(done.value(), done.reads());
    }

    private static ReachMemo.ChainKey keyOf(Chain chain) {
        return new ReachMemo.ChainKey(chain.edges(), entryTable(chain.context()));
    }

    /** The reasoners that judge whether a rule's put can drop the last reference, in the order they are asked. */
    private LastReferenceJudge judge(RuleSpec rule) {
        ReferenceCalls calls = rule.references();
        return new LastReferenceJudge(List.of(
                new BalancedOnFailure(graph, bodies, calls.balancedBy(), calls.handedOffBy(), rule.sinks()),
                new HeldHere(graph, calls.balancedBy()),
                new HeldByCaller(graph, bodies, calls.balancedBy(), calls.referencedBy(), rule.sinks()),
                new HeldAcrossCallback(graph, bodies, calls.balancedBy(), calls.referencedBy(), rule.sinks()),
                new NeverVisible(graph, bodies, calls, rule.sinks())));
    }

    /**
     * What the search tried from one entry point of {@code rule}: every chain to a sink call, in the order tried,
     * refuted or not (the last for a sink call is the one reported, unless it is refuted too).
     */
    public Map<CallEdge, List<Attempt>> explain(RuleSpec rule, FunctionId entry) {
        Run run = run(rule, entry::equals, false);
        Map<CallEdge, List<Attempt>> out = new java.util.TreeMap<>(Comparator.comparing(CallEdge::site));
        run.tried().forEach((sink, tried) -> out.put(sink, new ArrayList<>(tried)));
        run.chosen().forEach((sink, checked) -> out.computeIfAbsent(sink, k -> new ArrayList<>())
                .add(new Attempt(checked.chain(), checked.result())));
        return out;
    }

    private record Run(Map<CallEdge, Checked> chosen, Map<CallEdge, List<Attempt>> tried) {
    }

    /** With {@code all} (every entry point), taking over what {@link #earlier} left standing and keeping a memo. */
    private Run run(RuleSpec rule, java.util.function.Predicate<FunctionId> entries, boolean all) {
        Set<String> sinks = Set.copyOf(rule.sinks());
        Set<String> helpers = Set.copyOf(rule.deferredPuts());
        Map<FunctionId, ContextEntry> contextOf = contextOf(rule, entries);
        Map<String, List<FunctionId>> byComponent = byComponent(contextOf);
        List<CallEdge> sinkCalls = new ArrayList<>();
        for (CallEdge sinkCall : sinkCalls(sinks)) {
            if (!helpers.contains(sinkCall.caller().name())) {
                sinkCalls.add(sinkCall);
            }
        }
        ChainSearch made = indexed.remove(rule.id());
        LazyIndex search = new LazyIndex(made, () -> index(rule));
        return run(rule, contextOf, byComponent, sinkCalls, helpers, search, all);
    }

    /**
     * A rule's index, made when a search must run: a rule whose every search the change left standing needs none.
     * Subpaths forbidden before it is made are forbidden in it, in the same order, when it is.
     */
    private static final class LazyIndex {
        private final java.util.function.Supplier<ChainSearch> make;
        private ChainSearch made;
        private final List<Forbidden> pending = new ArrayList<>();

        private record Forbidden(List<CallEdge> subpath, boolean fromEntry) {
        }

        LazyIndex(ChainSearch made, java.util.function.Supplier<ChainSearch> make) {
            this.made = made;
            this.make = make;
        }

        ChainSearch get() {
            if (made == null) {
                made = make.get();
                for (Forbidden f : pending) {
                    made.forbid(f.subpath(), f.fromEntry());
                }
            }
            return made;
        }

        /** As {@link ChainSearch#forbid}: false when the subpath was forbidden already, the same way. */
        boolean forbid(List<CallEdge> subpath, boolean fromEntry) {
            if (made != null) {
                return made.forbid(subpath, fromEntry);
            }
            Forbidden f = new Forbidden(List.copyOf(subpath), fromEntry);
            if (pending.contains(f)) {
                return false;
            }
            pending.add(f);
            return true;
        }
    }

    /** The graph's dispatch signature, made once for every rule's memo. */
    private DispatchSignature signature;

    private synchronized DispatchSignature signature() {
        if (signature == null) {
            signature = DispatchSignature.of(graph);
        }
        return signature;
    }

    /** The entry points of {@code rule} that {@code entries} accepts, each with its context. */
    private Map<FunctionId, ContextEntry> contextOf(RuleSpec rule, java.util.function.Predicate<FunctionId> entries) {
        Map<FunctionId, ContextEntry> contextOf = new LinkedHashMap<>();
        for (ContextEntry context : rule.contexts()) {
            for (FunctionId entry : entriesOf(context)) {
                if (entries.test(entry)) {
                    contextOf.putIfAbsent(entry, context);
                }
            }
        }
        return contextOf;
    }

    /**
     * One search per component of entry points (see ChainSearch), in component order; entry points in name order
     * within each, so ties between equally short chains always go the same way.
     */
    private Map<String, List<FunctionId>> byComponent(Map<FunctionId, ContextEntry> contextOf) {
        Map<String, List<FunctionId>> byComponent = new java.util.TreeMap<>();
        for (FunctionId entry : new TreeSet<>(contextOf.keySet())) {
            byComponent.computeIfAbsent(componentOf(entry), k -> new ArrayList<>()).add(entry);
        }
        return byComponent;
    }

    /**
     * Whether {@code rule}'s run may search at all: not when the run it takes over from had the same signature and
     * each of its first searches reached none of the changed functions. (A refutation may still make it search;
     * its index is then made when it does.)
     */
    private boolean searchesAhead(RuleSpec rule) {
        ReachMemo.Rule before = earlier == null ? null : earlier.rule(rule.id());
        if (before == null) {
            return true;
        }
        ReachMemo.Rule now = signature().rule();
        if (!differing(before.dispatch, now.dispatch).isEmpty() || !differing(before.joins, now.joins).isEmpty()) {
            return true;
        }
        long[] changed = changedFunctions(before, now, null);
        if (changed == null) {
            return true;
        }
        for (Map.Entry<String, List<FunctionId>> e : byComponent(contextOf(rule, f -> true)).entrySet()) {
            if (before.search(e.getKey(), e.getValue(), List.of(), changed) == null) {
                return true;
            }
        }
        return false;
    }

    /** Indexes made ahead, on all cores, for the rules {@link #checkAll(List)} is about to run; by rule id. */
    private final Map<String, ChainSearch> indexed = new HashMap<>();

    /** The graph indexed for {@code rule}'s searches: without the calls its chains never go through. */
    private ChainSearch index(RuleSpec rule) {
        Set<String> sinks = Set.copyOf(rule.sinks());
        Set<String> helpers = Set.copyOf(rule.deferredPuts());
        // CALLBACK edges join every function passed to a callback parameter from any caller; CALLBACK_ARGUMENT
        // edges say the same per call site, so a chain only reaches the callback its own caller passed. A chain
        // never goes on through a sink (into eviction) or a deferred-put helper.
        // Nor through a function that never returns, one that only reports, or a release the kernel defers.
        // A rule whose every context runs on a kernel thread does not go on through the calling task's user memory.
        boolean kernelThread = rule.contexts().stream().allMatch(ContextEntry::runsOnKernelThread);
        ChainSearch.Mask masked = new ChainSearch.Mask() {
            @Override
            public boolean closes(FunctionId caller) {
                return sinks.contains(caller.name()) || helpers.contains(caller.name()) || graph.onlyReports(caller);
            }

            @Override
            public boolean stops(FunctionId callee) {
                return graph.neverReturns(callee) || (kernelThread && graph.worksOnUserMemory(callee));
            }

            @Override
            public boolean masks(FunctionId caller, FunctionId callee, EdgeKind kind) {
                return kind == EdgeKind.CALLBACK || graph.defersCall(caller, callee);
            }
        };
        return new ChainSearch(graph, masked, settings.genericComponents(), signature());
    }

    private Run run(RuleSpec rule, Map<FunctionId, ContextEntry> contextOf, Map<String, List<FunctionId>> byComponent,
            List<CallEdge> sinkCalls, Set<String> helpers, LazyIndex search, boolean all) {
        ChainCheck checker = new ChainCheck(graph, bodies, settings.traceDepth(), settings.traceCallers(),
                settings.traceFields());
        // A run that keeps no memo compares no signature: an empty one costs nothing.
        ReachMemo.Rule now = all ? signature().rule() : new ReachMemo.Rule(Map.of(), Map.of(), Set.of());
        ReachMemo.Rule before = all && earlier != null ? earlier.rule(rule.id()) : null;
        long[] changed = before == null ? null : changedFunctions(before, now, search);
        if (changed == null) {
            before = null;
        }
        List<ReachMemo.Pattern> forbidden = now.patterns;
        long start = System.nanoTime();
        long searching = 0;
        // Candidates per component; a component whose chain was refuted is searched again with the refuted
        // subpath forbidden, and every sink takes the shortest candidate that survives its check.
        Map<String, Map<CallEdge, Chain>> candidates = new java.util.TreeMap<>();
        Set<String> dirty = new TreeSet<>(byComponent.keySet());
        Map<List<CallEdge>, ChainCheck.Result> checked = new HashMap<>();
        Set<List<CallEdge>> counted = new java.util.HashSet<>();
        Map<CallEdge, Integer> refutations = new HashMap<>();
        Map<CallEdge, List<Attempt>> tried = new LinkedHashMap<>();
        Map<CallEdge, Checked> chosen = new HashMap<>();
        while (!dirty.isEmpty()) {
            long searchStart = System.nanoTime();
            for (String component : dirty) {
                List<FunctionId> from = byComponent.get(component);
                ReachMemo.Search done = before == null ? null : before.search(component, from, forbidden, changed);
                stats.searches++;
                if (done != null) {
                    stats.searchesTaken++;
                } else {
                    ChainSearch index = search.get();
                    index.search(from);
                    Map<CallEdge, List<CallEdge>> chains = new HashMap<>();
                    for (CallEdge sinkCall : sinkCalls) {
                        List<CallEdge> edges = index.chainEndingWith(sinkCall);
                        if (edges != null) {
                            chains.put(sinkCall, edges);
                        }
                    }
                    done = new ReachMemo.Search(component, List.copyOf(from), forbidden.size(),
                            all ? index.reached() : new long[0], chains);
                }
                if (all) {
                    now.searches.add(done);
                }
                Map<CallEdge, Chain> found = new HashMap<>();
                done.found().forEach((sinkCall, edges) -> {
                    FunctionId entry = ChainSearch.entryOf(edges);
                    found.put(sinkCall, new Chain(entry, contextOf.get(entry), edges));
                });
                candidates.put(component, found);
            }
            searching += System.nanoTime() - searchStart;
            if (before != null) {
                takeOver(before, now, candidates, checked);
            }
            prefetch(candidates, checked.keySet());
            checkAhead(sinkCalls, candidates, checked, checker, now);
            dirty.clear();
            chosen.clear();
            for (CallEdge sinkCall : sinkCalls) {
                for (Chain chain : options(sinkCall, candidates)) {
                    boolean fresh = counted.add(chain.edges());
                    ChainCheck.Result result = checked.get(chain.edges());
                    if (result == null) {
                        ReachMemo.Check done = check(checker, chain);
                        now.checks.put(keyOf(chain), done);
                        result = done.result();
                        checked.put(chain.edges(), result);
                    }
                    if (fresh) {
                        stats.checked++;
                    }
                    if (!result.refuted()) {
                        chosen.put(sinkCall, new Checked(chain, result));
                        break;
                    }
                    List<Attempt> sinkTried = tried.computeIfAbsent(sinkCall, k -> new ArrayList<>());
                    if (sinkTried.stream().noneMatch(a -> a.chain().edges().equals(chain.edges()))) {
                        sinkTried.add(new Attempt(chain, result));
                    }
                    if (fresh) {
                        stats.refuted++;
                        CallEdge refutedHop = chain.edges().get(result.refutation().hop());
                        stats.refutations.add(new Refuted(rule.id(), sinkCall.site(), refutedHop.site(),
                                result.refutation().subpath().stream().map(CallEdge::site).toList(),
                                result.refutation().evidence()));
                    }
                    if (refutations.merge(sinkCall, 1, Integer::sum) <= settings.chainAttempts()) {
                        if (search.forbid(result.refutation().subpath(), result.refutation().fromEntry())) {
                            forbidden.add(new ReachMemo.Pattern(List.copyOf(result.refutation().subpath()),
                                    result.refutation().fromEntry()));
                        }
                        dirty.add(componentOf(chain.entry()));
                    }
                }
            }
        }
        for (CallEdge sinkCall : sinkCalls) {
            if (!chosen.containsKey(sinkCall) && tried.containsKey(sinkCall)) {
                stats.dropped++;
            }
        }
        tried.forEach((sink, list) -> attempts.computeIfAbsent(sink, k -> new ArrayList<>()).addAll(list));
        if (all) {
            memo.put(rule.id(), now);
        }
        stats.searchNanos += searching;
        stats.refineNanos += System.nanoTime() - start - searching;
        return new Run(chosen, tried);
    }

    /** The candidate chains to {@code sinkCall}, shortest first; ties in entry order. */
    private static List<Chain> options(CallEdge sinkCall, Map<String, Map<CallEdge, Chain>> candidates) {
        List<Chain> options = new ArrayList<>();
        candidates.values().forEach(c -> {
            if (c.containsKey(sinkCall)) {
                options.add(c.get(sinkCall));
            }
        });
        options.sort(Comparator.comparingInt((Chain c) -> c.edges().size()).thenComparing(Chain::entry));
        return options;
    }

    /**
     * Checks, on all cores, the chains that the choice of each sink's chain will ask about: per sink, the first
     * option not yet checked after those already refuted, again until none is left. A check depends only on its
     * chain, so the choice that follows, in sink order, finds the same results it would have computed itself.
     */
    private void checkAhead(List<CallEdge> sinkCalls, Map<String, Map<CallEdge, Chain>> candidates,
            Map<List<CallEdge>, ChainCheck.Result> checked, ChainCheck checker, ReachMemo.Rule now) {
        while (true) {
            Map<List<CallEdge>, Chain> next = new LinkedHashMap<>();
            for (CallEdge sinkCall : sinkCalls) {
                for (Chain chain : options(sinkCall, candidates)) {
                    ChainCheck.Result result = checked.get(chain.edges());
                    if (result == null) {
                        next.putIfAbsent(chain.edges(), chain);
                    }
                    if (result == null || !result.refuted()) {
                        break;
                    }
                }
            }
            if (next.isEmpty()) {
                return;
            }
            List<Chain> batch = new ArrayList<>(next.values());
            List<ReachMemo.Check> results = dev.kreach.analyzer.concurrent.OnAllCores.map(batch,
                    chain -> check(checker, chain), "kreach-check");
            for (int i = 0; i < batch.size(); i++) {
                checked.put(batch.get(i).edges(), results.get(i).result());
                now.checks.put(keyOf(batch.get(i)), results.get(i));
            }
        }
    }

    /**
     * Takes over the earlier run's check of every candidate chain not checked yet whose check read nothing the
     * update changed.
     */
    private void takeOver(ReachMemo.Rule before, ReachMemo.Rule now, Map<String, Map<CallEdge, Chain>> candidates,
            Map<List<CallEdge>, ChainCheck.Result> checked) {
        for (Map<CallEdge, Chain> found : candidates.values()) {
            for (Chain chain : found.values()) {
                if (checked.containsKey(chain.edges())) {
                    continue;
                }
                ReachMemo.ChainKey key = keyOf(chain);
                ReachMemo.Check earlierCheck = before.checks.get(key);
                if (earlierCheck != null && earlierCheck.reads().holdsAfter(change, graph, fileChanged)) {
                    checked.put(chain.edges(), earlierCheck.result());
                    now.checks.put(key, earlierCheck);
                    stats.checksTaken++;
                }
            }
        }
    }

    /** Parses the files of the candidate chains not yet checked, in parallel, before their checks read them. */
    private void prefetch(Map<String, Map<CallEdge, Chain>> candidates, Set<List<CallEdge>> done) {
        Set<String> files = new TreeSet<>();
        for (Map<CallEdge, Chain> found : candidates.values()) {
            for (Chain chain : found.values()) {
                if (done.contains(chain.edges())) {
                    continue;
                }
                for (CallEdge edge : chain.edges()) {
                    graph.definition(edge.caller()).ifPresent(f -> files.add(f.file()));
                }
            }
        }
        bodies.prefetch(files);
    }

    /** The ops table an entry point was called through, for a field context; null for others. */
    private static ChainCheck.EntryTable entryTable(ContextEntry context) {
        return context instanceof ContextEntry.Field field ? new ChainCheck.EntryTable(field.struct(), field.field())
                : null;
    }

    private String componentOf(FunctionId entry) {
        String component = graph.component(entry);
        return component == null ? "" : component;
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

    private List<Finding> findings(RuleSpec rule, Map<CallEdge, Checked> best) {
        LastReferenceJudge judge = judge(rule);
        FixSuggestion fixes = new FixSuggestion(graph);
        List<CallEdge> sites = new ArrayList<>(best.keySet());
        sites.sort(Comparator.comparing(CallEdge::site));
        Map<String, Integer> ordinals = new HashMap<>();
        List<Finding> out = new ArrayList<>();
        for (CallEdge sinkCall : sites) {
            Chain chain = best.get(sinkCall).chain();
            List<HopVerdict> verdicts = best.get(sinkCall).result().hops();
            List<Hop> hops = new ArrayList<>();
            for (int i = 0; i < chain.edges.size(); i++) {
                CallEdge edge = chain.edges.get(i);
                hops.add(new Hop(edge.caller(), edge.site(), edge.kind(), edge.via(), verdicts.get(i),
                        placeOf(edge)));
            }
            String key = sinkCall.caller().qualified() + "|" + sinkCall.text() + "|" + sinkCall.call().anchor();
            int ordinal = ordinals.merge(key, 1, Integer::sum) - 1;
            List<dev.kreach.analyzer.facts.Position> places = new ArrayList<>();
            hops.forEach(h -> places.add(h.site()));
            places.add(sinkCall.site());
            long judging = System.nanoTime();
            LastReference verdict = judge.judge(sinkCall);
            stats.judgeNanos += System.nanoTime() - judging;
            out.add(new Finding(rule.id(), sinkCall.site(), sinkCall.callee(), sinkCall.caller(), sinkCall.text(),
                    chain.entry, chain.context.toString(), hops, sinkCall.call().anchor(), ordinal,
                    configurations.apply(places), verdict,
                    fixes.suggest(verdict, rule.deferredPuts(), rule.references().notLastPuts())));
        }
        return out;
    }

    /** A candidate chain from an entry point (reached under {@code context}) to a sink call, the sink call last. */
    public record Chain(FunctionId entry, ContextEntry context, List<CallEdge> edges) {
    }

    private record Checked(Chain chain, ChainCheck.Result result) {
    }

    /** A chain the search tried for a sink call and its check refuted. */
    public record Attempt(Chain chain, ChainCheck.Result result) {
    }

    /** What refinement did over the rules checked with this object, for stats and the README. */
    public static final class Stats {
        /** Distinct candidate chains checked, and how many of them a hop refuted. */
        public int checked;
        public int refuted;
        /** Sink calls reached only by refuted chains: the findings refinement dropped. */
        public int dropped;
        public long searchNanos;
        public long refineNanos;
        /** Time the last-reference reasoners took, the bodies they read again included. */
        public long judgeNanos;
        /** Searches made (one per component and round), and how many of them, and of the checks, were taken over. */
        public int searches;
        public int searchesTaken;
        public int checksTaken;
        /** Every refuted chain: its rule, the sink call it led to, the refuted hop's call, and the evidence. */
        public final List<Refuted> refutations = new ArrayList<>();
    }

    /**
     * One refuted chain, for reports: {@code hop} is the call the chain's own code rules out, {@code subpath} the
     * call sites of the edges the refutation rests on (the last is {@code hop}), which no reported chain has in a row.
     */
    public record Refuted(String rule, dev.kreach.analyzer.facts.Position sink,
            dev.kreach.analyzer.facts.Position hop, List<dev.kreach.analyzer.facts.Position> subpath,
            String evidence) {
    }

    private final Stats stats = new Stats();
    private final Map<CallEdge, List<Attempt>> attempts = new LinkedHashMap<>();

    public Stats stats() {
        return stats;
    }

    /** The refuted chains every {@link #check} so far tried, per sink call, in the order tried. */
    public Map<CallEdge, List<Attempt>> attempts() {
        return java.util.Collections.unmodifiableMap(attempts);
    }

    /**
     * Every rule given, on the graph alone: the bundled pack's search settings, no bodies (indirect hops stay
     * unverified), no configurations; findings in rule order then source order.
     */
    public static List<Finding> checkAll(CallGraph graph, List<RuleSpec> rules) {
        return new ContextReachability(graph).checkAll(rules);
    }

    /** Every rule of a pack on a scan, each chain checked hop by hop, each finding with its configuration. */
    public static List<Finding> checkAll(ScanResult scan, RulePack pack) {
        return new ContextReachability(scan, pack).checkAll(pack.rules());
    }

    /** A run's findings, and what it computed for a run over an update of its graph to take over. */
    public record Outcome(List<Finding> findings, ReachMemo memo, Stats stats) {
    }

    /**
     * Every rule of a pack on a scan, as {@link #checkAll(ScanResult, RulePack)}, taking over from {@code earlier}
     * (a run over the scan this one's graph was updated from) every search and check the update left standing;
     * {@code changed}: the paths that differ between the two trees, null when that is not known (nothing is then
     * taken over).
     */
    public static Outcome checkAll(ScanResult scan, RulePack pack, ReachMemo earlier, Set<String> changed) {
        ContextReachability reach = new ContextReachability(scan, pack);
        scan.updatable().ifPresent(graph -> reach.updating(graph, changed == null ? null : earlier,
                changed == null ? file -> true : FunctionBodies.changedBy(changed)));
        return new Outcome(reach.checkAll(pack.rules()), reach.memo(), reach.stats());
    }

    /** Every rule given, in order. */
    public List<Finding> checkAll(List<RuleSpec> rules) {
        // Each rule's index is a pass over every call of the graph, a single thread's work: made for all the rules
        // at once, on all cores, before the first runs.
        // Not for a rule whose searches the change leaves standing: it needs no index unless a refutation
        // makes it search (then it makes its own).
        List<RuleSpec> searching = rules.stream().filter(this::searchesAhead).toList();
        if (searching.size() > 1) {
            List<ChainSearch> made = dev.kreach.analyzer.concurrent.OnAllCores.map(searching, this::index,
                    "kreach-index");
            for (int i = 0; i < searching.size(); i++) {
                indexed.put(searching.get(i).id(), made.get(i));
            }
        }
        List<Finding> all = new ArrayList<>();
        for (RuleSpec rule : rules) {
            all.addAll(check(rule));
        }
        return all;
    }
}

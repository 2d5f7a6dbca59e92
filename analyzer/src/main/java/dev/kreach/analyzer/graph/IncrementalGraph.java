package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.model.KernelModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call graph that can take a patch: it keeps, for every call of every analysed file, the edges and deferrals its
 * resolution gave and the table entries that resolution consulted ({@link Resolution.Deps}). {@link #update} rebuilds
 * the tables from the patched files, compares them entry by entry with the old ones' {@link TableDigest} (saved
 * with a graph read back, so that its own tables are never made), and resolves again only the calls of the changed
 * files and the calls that consulted an entry that changed; every other call keeps its edges.
 * The graph is then assembled in the order a full build adds edges (files by path, calls in source order), so it is
 * the graph a full build of the patched files gives, edge for edge and in the same order.
 */
public final class IncrementalGraph {
    private final KernelModels models;
    /** The analysed files by path, in the order the graph takes them (the order of the list it was given). */
    private final LinkedHashMap<String, FileFacts> units;
    /** The headers read only for layouts and return types. */
    private final List<FileFacts> typeHeaders;
    /** The resolution's tables: for a graph read back, made from its facts only if some update needs them. */
    private final java.util.function.Supplier<Resolution> tables;
    /** What an update compares the patched tables with: saved with a graph read back, else made when needed. */
    private TableDigest digest;
    /** Each file's parameter flow, known before its tables are. */
    private Map<String, Resolution.ParameterFlow> flows;
    /** Per file, what each of its calls resolved to: the files not in {@link #saved}. */
    private final Map<String, Resolution.Resolved[]> resolved;
    /** Per file of a graph read back that no update has touched, its calls as the saved graph holds them. */
    private Map<String, SavedCalls> saved;
    /** Per table entry, the calls whose resolution consulted it: (file, index of the call in it). */
    private CallDependents dependents;
    /** Where the calls of a file whose facts this graph holds without calls are read again. */
    private final CallSource calls;
    /** For each file held without its calls, the types they walk ({@link TypeDemand#callTypes}). */
    private Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes;
    /**
     * For a graph read back, the rest of what it holds beside its files' facts, being read on a thread of its own
     * until {@link #settle} takes it; null once taken, and for every other graph.
     */
    private ReadBack rest;
    /** Assembled when first asked for: a graph read back only to be updated never needs its own. */
    private CallGraph graph;
    /** How many calls the last build or update resolved (all of them for a build). */
    private final int resolvedCalls;
    /** What the update that made this graph changed in the one it started from; null for a build. */
    private GraphChange change;
    /** What names this graph for {@link #identity}: itself, or the key it was saved under. */
    private Object identity = this;

    /**
     * Where an update finds the calls of a file it holds the other facts of (a graph read back from disk keeps
     * the files' facts without their calls): only the calls it resolves again are asked for.
     */
    public interface CallSource {
        /** Every file's own calls: the facts were given whole. */
        CallSource WHOLE = FileFacts::calls;

        /**
         * The calls of {@code unit} (its facts without calls, its content hash as given).
         *
         * @throws java.io.UncheckedIOException when they cannot be had; the update is then not possible
         */
        List<CallFact> callsOf(FileFacts unit);
    }

    record CallRef(String file, int call) {
    }

    /**
     * A graph as {@link SavedIncrementalGraph} reads it back: the files' facts without their calls, each file's
     * parameter flow and resolved calls, and which calls consulted each table entry; the tables are rebuilt from
     * the facts and the flows, no call is resolved, and {@code calls} gives the calls of the files an update
     * resolves again.
     */
    static IncrementalGraph restore(KernelModels models, List<FileFacts> units, List<FileFacts> typeHeaders,
            ReadBack rest, CallSource calls) {
        LinkedHashMap<String, FileFacts> byPath = byPath(units);
        // The digest stands for the tables in an update; they are made only where it does not (an include changed).
        // (The flows come from what is being read, not through the graph, whose lock a caller may hold.)
        java.util.function.Supplier<Resolution> tables = new Lazy<>(() -> new Resolution(models,
                new ArrayList<>(byPath.values()), types(byPath, typeHeaders),
                (unit, fresh) -> rest.flows().get(unit.path()), calls));
        IncrementalGraph graph = new IncrementalGraph(models, byPath, typeHeaders, tables, null, new HashMap<>(), null,
                null, 0, calls, null);
        graph.rest = rest;
        return graph;
    }

    /**
     * What a graph read back holds beside its files' facts, in the order it is read on a thread of its own: each
     * file's call types (a scan asks for them first), then its parameter flow (an update's tables), then its
     * resolved calls with which calls consulted each table entry and the tables' digest. Each waits for its part.
     *
     * @see SavedIncrementalGraph
     */
    interface ReadBack {
        /** @throws java.io.UncheckedIOException when the part did not read (damage the checksum did not see) */
        Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes();

        /** @throws java.io.UncheckedIOException as {@link #callTypes} */
        Map<String, Resolution.ParameterFlow> flows();

        /** @throws java.io.UncheckedIOException as {@link #callTypes} */
        Calls calls();

        record Calls(Map<String, SavedCalls> saved, CallDependents dependents, TableDigest digest) {
        }
    }

    private synchronized Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes() {
        if (callTypes == null && rest != null) {
            callTypes = rest.callTypes();
        }
        return callTypes;
    }

    private synchronized Map<String, Resolution.ParameterFlow> flows() {
        if (flows == null && rest != null) {
            flows = rest.flows();
        }
        return flows;
    }

    /** Takes all of what a graph read back is reading on a thread of its own, waiting for it. */
    private synchronized void settle() {
        if (rest != null) {
            callTypes();
            flows();
            ReadBack.Calls read = rest.calls();
            saved = read.saved();
            dependents = read.dependents();
            digest = read.digest();
            rest = null;
        }
    }

    /** A value made once, when first asked for. */
    private static final class Lazy<T> implements java.util.function.Supplier<T> {
        private java.util.function.Supplier<T> maker;
        private T value;

        Lazy(java.util.function.Supplier<T> maker) {
            this.maker = maker;
        }

        @Override
        public synchronized T get() {
            if (maker != null) {
                value = maker.get();
                maker = null;
            }
            return value;
        }
    }

    private Resolution resolution() {
        return tables.get();
    }

    /** What an update of this graph compares the patched tables with. */
    synchronized TableDigest digest() {
        settle();
        if (digest == null) {
            digest = TableDigest.of(resolution());
        }
        return digest;
    }

    /**
     * The types {@code unit}'s calls walk ({@link TypeDemand#callTypes}): saved for a file this graph holds without
     * its calls, at the same content; else from its calls.
     */
    public List<dev.kreach.analyzer.facts.TypeRef> callTypesOf(FileFacts unit) {
        List<dev.kreach.analyzer.facts.TypeRef> saved = callTypes().get(unit.path());
        FileFacts held = units.get(unit.path());
        return saved != null && held != null && held.sha256().equals(unit.sha256()) ? saved
                : TypeDemand.callTypes(unit);
    }

    /**
     * The analysed files, in the graph's order, as this graph holds them: read back from disk, without their calls.
     * An update of a graph read back takes these for every file the patch leaves alone.
     */
    public List<FileFacts> units() {
        return List.copyOf(units.values());
    }

    /** The headers read only for layouts and return types, as {@link #units} holds the files. */
    public List<FileFacts> typeHeaders() {
        return typeHeaders;
    }

    Resolution.ParameterFlow flowOf(String path) {
        return flows().get(path);
    }

    /** What the calls of {@code path} resolved to, decoded; null for a file this graph does not hold. */
    Resolution.Resolved[] resolvedOf(String path) {
        settle();
        Resolution.Resolved[] calls = resolved.get(path);
        if (calls == null && saved.containsKey(path)) {
            calls = saved.get(path).decoded();
        }
        return calls;
    }

    /** Which calls consulted each table entry; null for a graph built without what an update needs. */
    CallDependents dependents() {
        settle();
        return dependents;
    }

    private IncrementalGraph(KernelModels models, LinkedHashMap<String, FileFacts> units, List<FileFacts> typeHeaders,
            Resolution resolution, Map<String, Resolution.Resolved[]> resolved,
            CallDependents dependents, int resolvedCalls, CallSource calls,
            Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes) {
        this(models, units, typeHeaders, () -> resolution, resolution.flows, resolved, Map.of(), dependents,
                resolvedCalls, calls, callTypes);
    }

    private IncrementalGraph(KernelModels models, LinkedHashMap<String, FileFacts> units, List<FileFacts> typeHeaders,
            java.util.function.Supplier<Resolution> tables, Map<String, Resolution.ParameterFlow> flows,
            Map<String, Resolution.Resolved[]> resolved, Map<String, SavedCalls> saved,
            CallDependents dependents, int resolvedCalls, CallSource calls,
            Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes) {
        this.models = models;
        this.callTypes = callTypes;
        this.units = units;
        this.typeHeaders = List.copyOf(typeHeaders);
        this.tables = tables;
        this.flows = flows;
        this.resolved = resolved;
        this.saved = saved;
        this.dependents = dependents;
        this.resolvedCalls = resolvedCalls;
        this.calls = calls;
    }

    /**
     * Builds the graph of {@code units} (in this order: the scope's .c files by path, then its headers) with the
     * layouts of {@code typeHeaders}; with {@code updatable}, keeping what {@link #update} needs (which table
     * entries each call consulted).
     */
    static IncrementalGraph build(KernelModels models, List<FileFacts> units, List<FileFacts> typeHeaders,
            boolean updatable) {
        LinkedHashMap<String, FileFacts> byPath = byPath(units);
        Resolution resolution = new Resolution(models, new ArrayList<>(byPath.values()), types(byPath, typeHeaders),
                Resolution.Reuse.NONE, CallSource.WHOLE);
        Map<String, Resolution.Resolved[]> resolved = new HashMap<>();
        Dependents dependents = updatable ? new Dependents(new HashMap<>()) : null;
        int calls = 0;
        // The tables are read-only now, so the calls are resolved on all cores, a run of files per task; each run's
        // dependents are joined in file order, as one pass over the files would have listed them.
        List<Run> runs = dev.kreach.analyzer.concurrent.OnAllCores.map(runs(new ArrayList<>(byPath.values())),
                run -> run.resolve(resolution, updatable), "kreach-resolve");
        for (Run run : runs) {
            for (int i = 0; i < run.units.size(); i++) {
                resolved.put(run.units.get(i).path(), run.resolved.get(i));
                calls += run.units.get(i).calls().size();
            }
            if (dependents != null) {
                dependents.join(run.dependents);
            }
        }
        return new IncrementalGraph(models, byPath, typeHeaders, resolution, resolved,
                dependents == null ? null : new CallDependents.Built(dependents.byKey), calls, CallSource.WHOLE,
                Map.of());
    }

    /**
     * Below this many calls the threads cost more than they save (fs/ceph + net/ceph has about 15,000 and builds
     * its whole graph in 50 ms); speed only, the result is the same either way.
     */
    static final long PARALLEL_CALLS = 200_000;

    /** Files whose calls one task resolves: a run of consecutive files, and what resolving them gave. */
    private static final class Run {
        final List<FileFacts> units;
        final List<Resolution.Resolved[]> resolved = new ArrayList<>();
        Dependents dependents;

        Run(List<FileFacts> units) {
            this.units = units;
        }

        Run resolve(Resolution resolution, boolean updatable) {
            dependents = updatable ? new Dependents(new HashMap<>()) : null;
            for (FileFacts unit : units) {
                resolved.add(resolveAll(resolution, unit, dependents));
            }
            return this;
        }
    }

    /**
     * The files cut into runs of about equal numbers of calls, a few per core so that a run of large files does not
     * finish last.
     */
    private static List<Run> runs(List<FileFacts> units) {
        long total = 0;
        for (FileFacts unit : units) {
            total += unit.calls().size() + 1;
        }
        if (total < PARALLEL_CALLS) {
            return List.of(new Run(units));
        }
        long per = Math.max(1, total / (8L * Runtime.getRuntime().availableProcessors()));
        List<Run> runs = new ArrayList<>();
        int from = 0;
        long size = 0;
        for (int i = 0; i < units.size(); i++) {
            size += units.get(i).calls().size() + 1;
            if (size >= per || i == units.size() - 1) {
                runs.add(new Run(units.subList(from, i + 1)));
                from = i + 1;
                size = 0;
            }
        }
        return runs;
    }

    public synchronized CallGraph graph() {
        if (graph == null) {
            graph = assemble();
        }
        return graph;
    }

    /** How many calls the last build or update resolved: every call for a build, far fewer for an update. */
    public int resolvedCalls() {
        return resolvedCalls;
    }

    private static LinkedHashMap<String, FileFacts> byPath(List<FileFacts> units) {
        LinkedHashMap<String, FileFacts> byPath = new LinkedHashMap<>();
        units.forEach(u -> byPath.putIfAbsent(u.path(), u));
        return byPath;
    }

    /**
     * The graph of {@code newUnits} (in the order {@link #build} takes) and {@code newTypeHeaders}: the graph a
     * build of them gives, computed from this one. A file whose content hash is unchanged is taken to have the same
     * facts, and may come without its calls (this graph's {@link CallSource} has them); files added, removed or
     * changed are the patch, and come whole.
     *
     * @throws java.io.UncheckedIOException when the calls of a file that must be resolved again cannot be had
     */
    public IncrementalGraph update(List<FileFacts> newUnits, List<FileFacts> newTypeHeaders) {
        // A graph read back is still reading its resolved calls: they are waited for once the tables are made.
        if (dependents == null && rest == null) {
            throw new IllegalStateException("this graph was built without what an update needs");
        }
        LinkedHashMap<String, FileFacts> next = byPath(newUnits);
        Set<String> touched = new HashSet<>();
        for (String path : units.keySet()) {
            if (!next.containsKey(path)) {
                touched.add(path);
            }
        }
        for (FileFacts facts : next.values()) {
            FileFacts old = units.get(facts.path());
            if (old == null || !old.sha256().equals(facts.sha256())) {
                touched.add(facts.path());
            }
        }
        // A unit's parameter flow is taken over unless the unit changed or a name its flow read changed meaning.
        AtomicReference<Set<String>> names = new AtomicReference<>();
        Resolution.Reuse reuse = (unit, fresh) -> {
            if (names.get() == null) {
                names.set(changedNames(this::resolution, fresh, touched, units, next));
            }
            Resolution.ParameterFlow flow = touched.contains(unit.path()) ? null : flowOf(unit.path());
            return flow == null || flow.names.stream().anyMatch(names.get()::contains) ? null : flow;
        };
        // The patch's files come whole; every other file's calls are where they were (its facts here may have
        // them, those given may not).
        // Locals, so that the updated graph's source holds this graph's facts and source, not this graph.
        LinkedHashMap<String, FileFacts> before = units;
        CallSource earlier = calls;
        CallSource source = unit -> touched.contains(unit.path()) ? unit.calls()
                : earlier.callsOf(before.get(unit.path()));
        Resolution after = new Resolution(models, new ArrayList<>(next.values()), types(next, newTypeHeaders),
                reuse, source);
        if (names.get() == null) {
            names.set(changedNames(this::resolution, after, touched, units, next));
        }
        TableDigest base = digest();
        TableDigest.Changes changes = base.changes(after);
        Set<Resolution.Key> keys = new HashSet<>(changes.keys());
        names.get().forEach(n -> keys.add(Resolution.key('n', n)));
        // What the calls resolved here consult, laid over this graph's lists.
        Dependents deps = new Dependents(new HashMap<>());
        Map<String, Resolution.Resolved[]> results = new HashMap<>(resolved);
        results.keySet().retainAll(next.keySet());
        Map<String, SavedCalls> kept = new HashMap<>(saved);
        kept.keySet().retainAll(next.keySet());
        kept.keySet().removeAll(touched);
        int count = 0;
        for (String path : touched) {
            FileFacts facts = next.get(path);
            if (facts != null) {
                results.put(path, resolveAll(after, facts, deps));
                count += facts.calls().size();
            }
        }
        // Calls elsewhere that consulted a changed entry: resolved again, in place.
        Map<String, Set<Integer>> again = new java.util.TreeMap<>();
        for (Resolution.Key key : keys) {
            for (CallRef ref : dependents.of(key)) {
                if (!touched.contains(ref.file()) && next.containsKey(ref.file())) {
                    again.computeIfAbsent(ref.file(), f -> new java.util.TreeSet<>()).add(ref.call());
                }
            }
        }
        for (Map.Entry<String, Set<Integer>> e : again.entrySet()) {
            FileFacts facts = next.get(e.getKey());
            List<CallFact> its = source.callsOf(facts);
            Resolution.Resolved[] calls = results.containsKey(e.getKey()) ? results.get(e.getKey()).clone()
                    : kept.remove(e.getKey()).decoded();
            for (int i : e.getValue()) {
                // A key also lists calls of files since patched, by their old numbers: harmless to resolve again.
                if (i < calls.length) {
                    calls[i] = resolveOne(after, facts.path(), its, i, deps);
                    count++;
                }
            }
            results.put(e.getKey(), calls);
        }
        Map<String, List<dev.kreach.analyzer.facts.TypeRef>> types = new HashMap<>(callTypes);
        types.keySet().removeAll(touched);
        IncrementalGraph updated = new IncrementalGraph(models, next, newTypeHeaders, () -> after, after.flows,
                results, kept,
                new CallDependents.Layered(dependents, deps.byKey), count, source, types);
        updated.change = changeFrom(base, after, touched, again, results, keys, changes.bindingSites());
        return updated;
    }

    /**
     * What this graph is, for {@link GraphChange#from}: what was computed on it is taken over only by an update of
     * it.
     */
    public Object identity() {
        return identity;
    }

    /** This graph, named by the key it was saved under: what was computed on it before it was saved carries over. */
    IncrementalGraph savedAs(String key) {
        identity = key;
        return this;
    }

    /** What the update that made this graph changed in the graph it started from; empty for a build. */
    public java.util.Optional<GraphChange> change() {
        return java.util.Optional.ofNullable(change);
    }

    /**
     * What becomes of this graph's functions and tables in the update to {@code after}: every call of a touched
     * file before and after, every call resolved again that resolves otherwise, the models' edges that differ, the
     * definitions of touched files, the changed binding entries, and whether a deferral changed. This graph's own
     * tables are known by their digest {@code base}.
     */
    private GraphChange changeFrom(TableDigest base, Resolution after, Set<String> touched,
            Map<String, Set<Integer>> again, Map<String, Resolution.Resolved[]> results, Set<Resolution.Key> keys,
            Set<String> bindingSites) {
        Set<FunctionId> calls = new HashSet<>();
        Set<FunctionId> called = new HashSet<>();
        boolean deferrals = base.deferrals() != TableDigest.deferralsHash(after.bindingDeferrals);
        for (String path : touched) {
            Resolution.Resolved[] before = resolvedOf(path);
            if (before == null) {
                before = new Resolution.Resolved[0];
            }
            Resolution.Resolved[] now = results.getOrDefault(path, new Resolution.Resolved[0]);
            note(before, calls, called);
            note(now, calls, called);
            deferrals |= !deferralsOf(before).equals(deferralsOf(now));
        }
        for (Map.Entry<String, Set<Integer>> e : again.entrySet()) {
            Resolution.Resolved[] before = resolvedOf(e.getKey());
            Resolution.Resolved[] now = results.get(e.getKey());
            for (int i : e.getValue()) {
                if (i < before.length && i < now.length && !before[i].equals(now[i])) {
                    note(new Resolution.Resolved[] {before[i], now[i]}, calls, called);
                    deferrals |= !before[i].deferrals().equals(now[i].deferrals());
                }
            }
        }
        Set<CallEdge> modelled = new HashSet<>(base.modelEdges());
        Set<CallEdge> modelledNow = new HashSet<>(after.modelEdges());
        Set<CallEdge> differ = new HashSet<>(modelled);
        differ.addAll(modelledNow);
        for (CallEdge edge : differ) {
            if (modelled.contains(edge) != modelledNow.contains(edge)) {
                calls.add(edge.caller());
                called.add(edge.callee());
            }
        }
        // This graph's definitions in touched files: a touched file's own, but an external name it defines after
        // another file did (the first definition is kept).
        Set<FunctionId> defined = new HashSet<>();
        Set<TableDigest.DefinedAt> shadowed = base.shadowed();
        for (String path : touched) {
            FileFacts old = units.get(path);
            if (old != null) {
                Resolution.definedIn(old, (id, fact) -> {
                    if (id.isStatic() || !shadowed.contains(new TableDigest.DefinedAt(id.name(), path))) {
                        defined.add(id);
                    }
                });
            }
        }
        after.definitions.forEach((id, fact) -> {
            if (touched.contains(fact.file())) {
                defined.add(id);
            }
        });
        Set<String> tables = new HashSet<>(bindingSites);
        for (Resolution.Key key : keys) {
            if (key.kind() == 't') {
                tables.add(key.entry().toString());
            }
        }
        return new GraphChange(identity(), calls, called, defined, tables, deferrals);
    }

    /** Notes the callers and callees of {@code calls}' edges as changed. */
    private static void note(Resolution.Resolved[] calls, Set<FunctionId> callers, Set<FunctionId> callees) {
        for (Resolution.Resolved call : calls) {
            callers.add(call.caller());
            for (CallEdge edge : call.edges()) {
                callers.add(edge.caller());
                callees.add(edge.callee());
            }
        }
    }

    private static List<Deferral> deferralsOf(Resolution.Resolved[] calls) {
        List<Deferral> out = new ArrayList<>();
        for (Resolution.Resolved call : calls) {
            out.addAll(call.deferrals());
        }
        return out;
    }

    private static TypeIndex types(Map<String, FileFacts> units, List<FileFacts> typeHeaders) {
        List<FileFacts> all = new ArrayList<>(units.values());
        all.addAll(typeHeaders);
        return new TypeIndex(all);
    }

    private static Resolution.Resolved[] resolveAll(Resolution resolution, FileFacts unit, Dependents dependents) {
        Resolution.Resolved[] out = new Resolution.Resolved[unit.calls().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = resolveOne(resolution, unit.path(), unit.calls(), i, dependents);
        }
        return out;
    }

    private static Resolution.Resolved resolveOne(Resolution resolution, String file, List<CallFact> calls, int i,
            Dependents dependents) {
        if (dependents == null) {
            return resolution.resolve(file, calls.get(i), Resolution.Deps.NONE);
        }
        CallRef ref = new CallRef(file, i);
        return resolution.resolve(file, calls.get(i), (kind, entry) -> dependents.add(Resolution.key(kind, entry),
                ref));
    }

    /** Which calls consulted each table entry, as they are resolved: a build's lists, or what an update adds. */
    private static final class Dependents {
        final Map<Resolution.Key, List<CallRef>> byKey;

        Dependents(Map<Resolution.Key, List<CallRef>> byKey) {
            this.byKey = byKey;
        }

        /** Appends what a later run of files consulted, key by key, after what this one holds. */
        void join(Dependents later) {
            for (Map.Entry<Resolution.Key, List<CallRef>> e : later.byKey.entrySet()) {
                List<CallRef> list = byKey.putIfAbsent(e.getKey(), e.getValue());
                if (list != null) {
                    list.addAll(e.getValue());
                }
            }
        }

        void add(Resolution.Key key, CallRef ref) {
            List<CallRef> list = byKey.computeIfAbsent(key, k -> new ArrayList<>(2));
            if (list.isEmpty() || !list.get(list.size() - 1).equals(ref)) {
                list.add(ref);
            }
        }
    }

    /**
     * The names whose meaning may differ between {@code before} and {@code after} (whose definitions and
     * visibility are enough): those a touched file defines or declares static, before or after, and where a touched
     * file's includes changed, every static it saw or sees (and so does every file that includes it).
     */
    private static Set<String> changedNames(java.util.function.Supplier<Resolution> before, Resolution after,
            Set<String> touched, Map<String, FileFacts> oldUnits, Map<String, FileFacts> newUnits) {
        Set<String> names = new HashSet<>();
        for (String path : touched) {
            FileFacts old = oldUnits.get(path);
            FileFacts now = newUnits.get(path);
            for (FileFacts facts : new FileFacts[] {old, now}) {
                if (facts != null) {
                    facts.functions().forEach(f -> names.add(f.name()));
                    names.addAll(facts.declaredStatic());
                }
            }
            if (old == null || now == null || !old.includes().equals(now.includes())) {
                if (old != null) {
                    names.addAll(before.get().visibility.staticsIncludedBy(path));
                }
                if (now != null) {
                    names.addAll(after.visibility.staticsIncludedBy(path));
                }
            }
        }
        return names;
    }

    /**
     * The graph in a full build's order: defined functions first (files by path), then, call by call, the caller
     * and each edge's callee as first met, then the models' own edges; an edge equal to one already added (a macro
     * that expands one call twice) is added once.
     */
    private CallGraph assemble() {
        settle();
        Resolution resolution = resolution();
        Map<FunctionId, Integer> index = new HashMap<>(resolution.definitions.size() * 2);
        List<FunctionId> functions = new ArrayList<>();
        for (FunctionId id : resolution.definitions.keySet()) {
            vertex(id, index, functions);
        }
        Columns edges = new Columns();
        List<Deferral> deferrals = new ArrayList<>(resolution.bindingDeferrals);
        CallRecords records = null;
        SavedVertices numbered = null;
        for (FileFacts unit : units.values()) {
            Resolution.Resolved[] calls = resolved.get(unit.path());
            if (calls == null) {
                SavedCalls its = saved.get(unit.path());
                if (records == null) {
                    records = its.records();
                    numbered = new SavedVertices(its.functions(), index, functions);
                }
                if (its.records() == records) {
                    assembleSaved(its, numbered, edges, deferrals);
                    continue;
                }
                // Calls of another saved graph than the others' (no update makes such a graph): decoded.
                calls = its.decoded();
            }
            // Only a call at the same place as another can give an edge equal to one already added.
            long[] repeated = repeatedPlaces(calls);
            Set<CallEdge> seen = repeated.length > 0 ? new HashSet<>() : null;
            for (int i = 0; i < calls.length; i++) {
                FunctionId caller = calls[i].caller();
                int from = vertex(caller, index, functions);
                boolean mayRepeat = seen != null && !calls[i].edges().isEmpty()
                        && java.util.Arrays.binarySearch(repeated, place(calls[i].edges().get(0).call())) >= 0;
                for (CallEdge edge : calls[i].edges()) {
                    if (!mayRepeat || seen.add(edge)) {
                        int source = edge.caller() == caller ? from : vertex(edge.caller(), index, functions);
                        edges.add(edge, source, vertex(edge.callee(), index, functions));
                    }
                }
                deferrals.addAll(calls[i].deferrals());
            }
        }
        Set<CallEdge> modelled = new HashSet<>();
        for (CallEdge edge : resolution.modelEdges()) {
            if (modelled.add(edge)) {
                int source = vertex(edge.caller(), index, functions);
                edges.add(edge, source, vertex(edge.callee(), index, functions));
            }
        }
        int n = edges.size;
        int[] source = java.util.Arrays.copyOf(edges.source, n);
        int[] target = java.util.Arrays.copyOf(edges.target, n);
        EdgeKind[] kind = java.util.Arrays.copyOf(edges.kind, n);
        String[] via = java.util.Arrays.copyOf(edges.via, n);
        int[] call = java.util.Arrays.copyOf(edges.call, n);
        CallFact[] facts = edges.facts.toArray(new CallFact[0]);
        CallRecords saved = records;
        // A call's number is its place in facts, or (below zero) where its record is in the saved graph.
        StoredGraph stored = new StoredGraph(functions.toArray(new FunctionId[0]), index, source, target, kind, via,
                call, id -> id >= 0 ? facts[id] : saved.at(-id - 1));
        return new CallGraph(stored, resolution.definitions, deferrals, resolution.fieldBindings(),
                resolution.bindingSites, models.chainStops(), models.containers(), models.allocators(),
                models.componentDepth());
    }

    /** The number of {@code id}, numbering it next when it is new. */
    private static int vertex(FunctionId id, Map<FunctionId, Integer> index, List<FunctionId> functions) {
        Integer known = index.putIfAbsent(id, functions.size());
        if (known != null) {
            return known;
        }
        functions.add(id);
        return functions.size() - 1;
    }

    /**
     * The graph's numbers of a saved graph's functions, by their saved numbers: millions of saved edges name a few
     * hundred thousand functions, each looked up in the graph's index once. A function is numbered in the graph
     * when first met, as {@link #vertex} numbers it.
     */
    private static final class SavedVertices {
        private final List<FunctionId> saved;
        private final Map<FunctionId, Integer> index;
        private final List<FunctionId> functions;
        private final int[] vertices;

        SavedVertices(List<FunctionId> saved, Map<FunctionId, Integer> index, List<FunctionId> functions) {
            this.saved = saved;
            this.index = index;
            this.functions = functions;
            vertices = new int[saved.size()];
            java.util.Arrays.fill(vertices, -1);
        }

        int vertex(int number) {
            int v = vertices[number];
            if (v < 0) {
                v = IncrementalGraph.vertex(saved.get(number), index, functions);
                vertices[number] = v;
            }
            return v;
        }

        int vertex(FunctionId id) {
            return IncrementalGraph.vertex(id, index, functions);
        }
    }

    /**
     * A saved file's calls into the graph, in the order {@link #assemble} takes a decoded file's: a call's expression
     * stays in the saved bytes, but for a call at the same place as another, which is decoded to be compared.
     */
    private static void assembleSaved(SavedCalls calls, SavedVertices vertices, Columns edges,
            List<Deferral> deferrals) {
        Set<CallEdge> seen = null;
        for (int i = 0; i < calls.size(); i++) {
            int caller = calls.callerNumber(i);
            int from = vertices.vertex(caller);
            if (calls.repeats(i)) {
                if (seen == null) {
                    seen = new HashSet<>();
                }
                FunctionId callerId = calls.caller(i);
                for (CallEdge edge : calls.decoded(i).edges()) {
                    if (seen.add(edge)) {
                        int source = edge.caller() == callerId ? from : vertices.vertex(edge.caller());
                        edges.add(edge, source, vertices.vertex(edge.callee()));
                    }
                }
            } else if (calls.firstEdge(i) < calls.endEdge(i)) {
                int call = -calls.record(i) - 1;
                for (int e = calls.firstEdge(i); e < calls.endEdge(i); e++) {
                    int start = calls.fromNumber(e);
                    int source = start == caller ? from : vertices.vertex(start);
                    edges.add(source, vertices.vertex(calls.toNumber(e)), calls.kind(e), calls.via(e), call);
                }
            }
            deferrals.addAll(calls.deferrals(i));
        }
    }

    /**
     * The edges in the order added, with their endpoints' numbers, as the walk over the files finds them, and their
     * calls' numbers: a decoded call's place in {@link #facts}, or, below zero, a saved one's record.
     */
    private static final class Columns {
        final List<CallFact> facts = new ArrayList<>();
        int[] source = new int[1024];
        int[] target = new int[1024];
        EdgeKind[] kind = new EdgeKind[1024];
        String[] via = new String[1024];
        int[] call = new int[1024];
        int size;

        void add(CallEdge edge, int from, int to) {
            // The edges of one call come together and share its fact: one number for them all.
            if (facts.isEmpty() || facts.get(facts.size() - 1) != edge.call()) {
                facts.add(edge.call());
            }
            add(from, to, edge.kind(), edge.via(), facts.size() - 1);
        }

        void add(int from, int to, EdgeKind edgeKind, String edgeVia, int edgeCall) {
            if (size == source.length) {
                source = java.util.Arrays.copyOf(source, size * 2);
                target = java.util.Arrays.copyOf(target, size * 2);
                kind = java.util.Arrays.copyOf(kind, size * 2);
                via = java.util.Arrays.copyOf(via, size * 2);
                call = java.util.Arrays.copyOf(call, size * 2);
            }
            source[size] = from;
            target[size] = to;
            kind[size] = edgeKind;
            via[size] = edgeVia;
            call[size] = edgeCall;
            size++;
        }
    }

    /** Where a call starts and ends, folded into one number (equal places, equal numbers). */
    static long place(CallFact call) {
        return ((long) call.line() << 40) ^ ((long) call.column() << 28) ^ ((long) call.endLine() << 12)
                ^ call.endColumn();
    }

    /**
     * The places ({@link #place}) two or more of the file's calls that have edges share, sorted: only calls there
     * can give equal edges (a macro that expands one call twice). A call's edges all carry the call itself.
     */
    static long[] repeatedPlaces(Resolution.Resolved[] calls) {
        long[] places = new long[calls.length];
        int m = 0;
        for (Resolution.Resolved call : calls) {
            if (!call.edges().isEmpty()) {
                places[m++] = place(call.edges().get(0).call());
            }
        }
        places = java.util.Arrays.copyOf(places, m);
        java.util.Arrays.sort(places);
        long[] repeated = new long[places.length / 2];
        int n = 0;
        for (int i = 1; i < places.length; i++) {
            if (places[i] == places[i - 1] && (n == 0 || repeated[n - 1] != places[i])) {
                repeated[n++] = places[i];
            }
        }
        return java.util.Arrays.copyOf(repeated, n);
    }
}

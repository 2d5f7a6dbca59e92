package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.FunctionFact;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.model.ChainStops;
import dev.kreach.analyzer.model.ContainerModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.EdgeReversedGraph;
import org.jgrapht.traverse.BreadthFirstIterator;

/**
 * The call graph of a scan. Vertices are functions (defined in scope, or external names called from it);
 * edges are typed and carry their call site. Insertion order is deterministic (files, then source order), so
 * shortest-path ties always break the same way.
 */
public final class CallGraph {
    private static final Comparator<CallEdge> EDGE_ORDER = Comparator.comparing(CallEdge::site)
            .thenComparing(e -> e.callee().qualified()).thenComparing(CallEdge::kind);

    private final StoredGraph graph;
    private final Map<FunctionId, FunctionFact> definitions;
    private final List<Deferral> deferrals;
    private final Map<String, List<FunctionId>> byName = new HashMap<>();
    private final Map<String, List<FunctionId>> fieldBindings;
    private final Map<String, List<BindingSite>> bindingSites;
    private Map<String, Set<String>> structBinders;
    private final ChainStops stops;
    private final List<ContainerModel> containers;
    private final Set<String> allocators;
    private final int componentDepth;
    private Map<String, List<FunctionId>> byFile;

    CallGraph(StoredGraph graph, Map<FunctionId, FunctionFact> definitions, List<Deferral> deferrals,
            Map<String, List<FunctionId>> fieldBindings, Map<String, List<BindingSite>> bindingSites,
            ChainStops stops, List<ContainerModel> containers, Set<String> allocators, int componentDepth) {
        this.stops = stops;
        this.allocators = Set.copyOf(allocators);
        this.containers = List.copyOf(containers);
        this.bindingSites = Collections.unmodifiableMap(bindingSites);
        this.componentDepth = componentDepth;
        this.graph = graph;
        this.definitions = definitions;
        this.deferrals = List.copyOf(deferrals);
        this.fieldBindings = Collections.unmodifiableMap(fieldBindings);
        // Grouped first and each group sorted: sorting a whole kernel's 600,000 functions took a second per graph.
        for (FunctionId id : graph.vertexSet()) {
            byName.computeIfAbsent(id.name(), n -> new ArrayList<>(1)).add(id);
        }
        for (List<FunctionId> spellings : byName.values()) {
            if (spellings.size() > 1) {
                Collections.sort(spellings);
            }
        }
    }

    public Graph<FunctionId, CallEdge> graph() {
        Reads.everything();
        return graph;
    }

    /** The graph by numbers, for searches over all of it (see {@link EdgeRows}). */
    public EdgeRows rows() {
        Reads.everything();
        return graph;
    }

    private String[] componentsByNumber;

    /** Each function's {@link #component}, by its number in {@link #rows()}: once per graph, for every rule. */
    public synchronized String[] components() {
        Reads.everything();
        if (componentsByNumber == null) {
            String[] out = new String[graph.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = component(graph.function(i));
            }
            componentsByNumber = out;
        }
        return componentsByNumber.clone();
    }

    /** The component ({@link Component}) of {@code file}, at the models' depth. */
    public String componentOf(String file) {
        return Component.of(file, componentDepth);
    }

    /** Components by file: asked for every function of a whole kernel by every rule's search. */
    private final Map<String, String> components = new java.util.concurrent.ConcurrentHashMap<>();

    /** The component ({@link Component}) of the file defining {@code id}, or null when it has no definition. */
    public String component(FunctionId id) {
        Reads.definition(id);
        FunctionFact f = definitions.get(id);
        return f == null ? null : components.computeIfAbsent(f.file(), file -> Component.of(file, componentDepth));
    }

    public Optional<FunctionFact> definition(FunctionId id) {
        Reads.definition(id);
        return Optional.ofNullable(definitions.get(id));
    }

    public Map<FunctionId, FunctionFact> definitions() {
        Reads.everything();
        return Collections.unmodifiableMap(definitions);
    }

    public List<Deferral> deferrals() {
        Reads.deferrals();
        return deferrals;
    }

    /**
     * Whether {@code function} works on the calling task's own user memory (the models' {@code user-memory}), which
     * a kernel thread does not have: a chain of a context that runs on one does not go on into it.
     */
    public boolean worksOnUserMemory(FunctionId function) {
        return stops.userMemory().contains(function.name());
    }

    /** Whether {@code function} never returns: the models' {@code noreturn}, or its definition says so. */
    public boolean neverReturns(FunctionId function) {
        return stops.noreturn().contains(function.name())
                || definition(function).map(FunctionFact::noreturn).orElse(false);
    }

    /** Whether {@code function} only reports (the models' {@code reports-only}): no chain goes on through it. */
    public boolean onlyReports(FunctionId function) {
        return stops.reportsOnly().contains(function.name());
    }

    /** Whether {@code caller} is a release that the kernel defers, and its call of {@code callee} with it. */
    public boolean defersCall(FunctionId caller, FunctionId callee) {
        ChainStops.DeferredRelease release = stops.deferred().get(caller.name());
        return release != null && release.defersCallOf(callee.name());
    }

    /**
     * The functions stored in {@code struct.field} by a typed initializer or assignment, in source order: the
     * (struct, field) table calls resolve through, smatch's {@code (struct T)->field}.
     */
    public List<FunctionId> boundTo(String struct, String field) {
        Reads.table(struct + "." + field);
        return fieldBindings.getOrDefault(struct + "." + field, List.of());
    }

    /**
     * The components that fill some field of {@code struct} with functions: where a table of it is written (the
     * binding's file) and where the functions stored there are defined. A component with a table of it makes
     * objects of its own that carry that table.
     */
    public synchronized Set<String> componentsBinding(String struct) {
        Reads.everything();
        if (structBinders == null) {
            Map<String, Set<String>> index = new HashMap<>();
            for (Map.Entry<String, List<BindingSite>> e : bindingSites.entrySet()) {
                Set<String> at = index.computeIfAbsent(structOf(e.getKey()), k -> new TreeSet<>());
                for (BindingSite site : e.getValue()) {
                    at.add(componentOf(site.site().file()));
                }
            }
            for (Map.Entry<String, List<FunctionId>> e : fieldBindings.entrySet()) {
                Set<String> at = index.computeIfAbsent(structOf(e.getKey()), k -> new TreeSet<>());
                for (FunctionId f : e.getValue()) {
                    String c = component(f);
                    if (c != null) {
                        at.add(c);
                    }
                }
            }
            structBinders = index;
        }
        return structBinders.getOrDefault(struct, Set.of());
    }

    private static String structOf(String iface) {
        return iface.substring(0, iface.lastIndexOf('.'));
    }

    /** Every {@code struct.field} with the functions bound to it, in the order they were first bound: for saving. */
    Map<String, List<FunctionId>> fieldBindingTable() {
        return fieldBindings;
    }

    /** Every {@code struct.field} with the places functions are stored into it by name: for saving. */
    Map<String, List<BindingSite>> bindingSiteTable() {
        return bindingSites;
    }

    /** Where functions are stored by name into {@code struct.field}, in source order. */
    public List<BindingSite> bindingSites(String struct, String field) {
        Reads.table(struct + "." + field);
        return bindingSites.getOrDefault(struct + "." + field, List.of());
    }

    /** The container model whose lookup is {@code function}, if there is one. */
    public Optional<ContainerModel> containerLookedUpBy(String function) {
        return containers.stream().filter(c -> c.lookup().equals(function)).findFirst();
    }

    /** Whether {@code function} is a modelled allocator: it returns a new object with no function in its fields. */
    public boolean allocates(String function) {
        return allocators.contains(function);
    }

    /** The function whose definition holds {@code site}. */
    public synchronized Optional<FunctionId> enclosing(Position site) {
        Reads.file(site.file());
        if (byFile == null) {
            byFile = new java.util.HashMap<>();
            for (Map.Entry<FunctionId, FunctionFact> e : definitions.entrySet()) {
                byFile.computeIfAbsent(e.getValue().file(), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        for (FunctionId id : byFile.getOrDefault(site.file(), List.of())) {
            FunctionFact f = definitions.get(id);
            if (f.line() <= site.line() && site.line() <= f.endLine()) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Every vertex spelled {@code name}: one for external linkage, one per file for static functions. */
    public List<FunctionId> named(String name) {
        List<FunctionId> spellings = byName.getOrDefault(name, List.of());
        Reads.name(name, spellings);
        return spellings;
    }

    /**
     * Finds the function a user means: {@code name}, or {@code file.c:name} / {@code fs/ceph/file.c:name} for a
     * static one. A name that several files define statically is ambiguous and fails, listing the spellings.
     */
    public FunctionId resolve(String spec) {
        int colon = spec.lastIndexOf(':');
        String name = colon < 0 ? spec : spec.substring(colon + 1);
        String file = colon < 0 ? null : spec.substring(0, colon);
        List<FunctionId> candidates = named(name).stream()
                .filter(id -> file == null || (id.file() != null
                        && (id.file().equals(file) || id.file().endsWith("/" + file))))
                .toList();
        if (candidates.isEmpty()) {
            throw new UnknownFunctionException("no function '" + spec + "' in the call graph");
        }
        if (candidates.size() > 1) {
            throw new UnknownFunctionException("'" + spec + "' is ambiguous: "
                    + String.join(", ", candidates.stream().map(FunctionId::qualified).toList()));
        }
        return candidates.get(0);
    }

    /** How to print a function: its bare name unless another vertex shares it, then {@code file:name}. */
    public String display(FunctionId id) {
        return named(id.name()).size() > 1 ? id.qualified() : id.name();
    }

    /**
     * The distinct functions {@code caller} calls at {@code site}: by name ({@code direct}), or else through a
     * pointer, as the graph resolves it. Cheaper than filtering {@link #callees}, which sorts every edge.
     */
    public List<FunctionId> calleesAt(FunctionId caller, Position site, boolean direct) {
        Reads.calls(caller);
        if (!graph.containsVertex(caller)) {
            return List.of();
        }
        List<FunctionId> out = new ArrayList<>();
        graph.outgoingEdgesOf(caller).stream()
                .filter(e -> e.site().equals(site) && (e.kind() == EdgeKind.DIRECT) == direct).sorted(EDGE_ORDER)
                .forEach(e -> {
                    if (!out.contains(e.callee())) {
                        out.add(e.callee());
                    }
                });
        return out;
    }

    public List<CallEdge> callees(FunctionId f) {
        Reads.calls(f);
        return graph.containsVertex(f) ? graph.outgoingEdgesOf(f).stream().sorted(EDGE_ORDER).toList() : List.of();
    }

    public List<CallEdge> callers(FunctionId f) {
        Reads.callers(f);
        return graph.containsVertex(f)
                ? graph.incomingEdgesOf(f).stream().sorted(Comparator.comparing((CallEdge e) -> e.caller().qualified())
                        .thenComparing(CallEdge::site).thenComparing(CallEdge::kind)).toList()
                : List.of();
    }

    /** The shortest call chain, as edges from {@code from} to {@code to}; empty when none exists. */
    public Optional<List<CallEdge>> shortestPath(FunctionId from, FunctionId to) {
        Reads.everything();
        if (!graph.containsVertex(from) || !graph.containsVertex(to)) {
            return Optional.empty();
        }
        GraphPath<FunctionId, CallEdge> path = new BFSShortestPath<>(graph).getPath(from, to);
        return path == null ? Optional.empty() : Optional.of(path.getEdgeList());
    }

    /**
     * The edges leaving functions fewer than {@code depth} calls from {@code root} (callees, or with
     * {@code forward} false callers), breadth-first.
     */
    public List<CallEdge> edgesWithin(FunctionId root, boolean forward, int depth) {
        Reads.everything();
        Graph<FunctionId, CallEdge> g = forward ? graph : new EdgeReversedGraph<>(graph);
        BreadthFirstIterator<FunctionId, CallEdge> bfs = new BreadthFirstIterator<>(g, root);
        List<CallEdge> edges = new ArrayList<>();
        while (bfs.hasNext()) {
            FunctionId f = bfs.next();
            if (bfs.getDepth(f) >= depth) {
                break;
            }
            edges.addAll(forward ? callees(f) : callers(f));
        }
        return edges;
    }

    public Map<EdgeKind, Integer> edgesByKind() {
        Map<EdgeKind, Integer> counts = new EnumMap<>(EdgeKind.class);
        for (EdgeKind kind : EdgeKind.values()) {
            counts.put(kind, 0);
        }
        for (CallEdge edge : graph.edgeSet()) {
            counts.merge(edge.kind(), 1, Integer::sum);
        }
        return counts;
    }

    public Set<FunctionId> functions() {
        Reads.everything();
        return graph.vertexSet();
    }
}

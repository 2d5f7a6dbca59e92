package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.CallFact;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.jgrapht.GraphType;
import org.jgrapht.graph.AbstractGraph;
import org.jgrapht.graph.DefaultGraphType;
import org.jgrapht.util.ArrayUnenforcedSet;

/**
 * A call graph read back from a saved analysis, as a read-only JGraphT graph: functions in the order the builder
 * added them, edges as compressed sparse rows over that order, in the order the builder added them, so every
 * iteration (vertices, a function's callees, its callers, all edges) meets them in the same order as in the graph
 * that was saved. An edge's call expression stays in the saved bytes until an edge is asked for; a whole kernel's
 * millions of calls are never all decoded at once.
 */
final class StoredGraph extends AbstractGraph<FunctionId, CallEdge> implements EdgeRows {
    private static final GraphType TYPE = new DefaultGraphType.Builder().directed().allowMultipleEdges(true)
            .allowSelfLoops(true).weighted(false).modifiable(false).build();

    /** Decodes the call expression of edge {@code e}: the saved bytes of its call, read when asked. */
    interface Calls {
        CallFact call(int id);
    }

    private final FunctionId[] functions;
    private final Map<FunctionId, Integer> index;
    private final int[] source;
    private final int[] target;
    private final EdgeKind[] kind;
    private final String[] via;
    private final int[] call;
    private final Calls calls;
    /** Per function, the start of its rows in {@link #outEdges} / {@link #inEdges}; one more than the functions. */
    private final int[] outStart;
    private final int[] outEdges;
    private final int[] inStart;
    private final int[] inEdges;
    private final Set<FunctionId> vertices;

    /**
     * Edges {@code 0..source.length-1} in the order they were added; per edge its endpoints (function numbers),
     * kind, what it went through and its call expression's number for {@code calls}.
     */
    StoredGraph(FunctionId[] functions, int[] source, int[] target, EdgeKind[] kind, String[] via, int[] call,
            Calls calls) {
        this(functions, numbers(functions), source, target, kind, via, call, calls);
    }

    /** As above, with {@code index} giving each function's number (its place in {@code functions}). */
    StoredGraph(FunctionId[] functions, Map<FunctionId, Integer> index, int[] source, int[] target, EdgeKind[] kind,
            String[] via, int[] call, Calls calls) {
        this.functions = functions;
        this.source = source;
        this.target = target;
        this.kind = kind;
        this.via = via;
        this.call = call;
        this.calls = calls;
        this.index = index;
        outStart = new int[functions.length + 1];
        outEdges = rows(source, outStart);
        inStart = new int[functions.length + 1];
        inEdges = rows(target, inStart);
        vertices = new AbstractSet<>() {
            @Override
            public Iterator<FunctionId> iterator() {
                return java.util.Arrays.asList(functions).iterator();
            }

            @Override
            public int size() {
                return functions.length;
            }

            @Override
            public boolean contains(Object o) {
                return index.containsKey(o);
            }
        };
    }

    private static Map<FunctionId, Integer> numbers(FunctionId[] functions) {
        Map<FunctionId, Integer> index = new HashMap<>(functions.length * 2);
        for (int i = 0; i < functions.length; i++) {
            index.put(functions[i], i);
        }
        return index;
    }

    /** A counting sort of the edges by {@code endpoint}, stable, so each row keeps the order edges were added in. */
    private int[] rows(int[] endpoint, int[] start) {
        for (int e : endpoint) {
            start[e + 1]++;
        }
        for (int i = 0; i < functions.length; i++) {
            start[i + 1] += start[i];
        }
        int[] next = java.util.Arrays.copyOf(start, functions.length);
        int[] rows = new int[endpoint.length];
        for (int e = 0; e < endpoint.length; e++) {
            rows[next[endpoint[e]]++] = e;
        }
        return rows;
    }

    @Override
    public int size() {
        return functions.length;
    }

    @Override
    public FunctionId function(int i) {
        return functions[i];
    }

    @Override
    public int index(FunctionId f) {
        Integer i = index.get(f);
        return i == null ? -1 : i;
    }

    @Override
    public int degree(int i) {
        return outStart[i + 1] - outStart[i];
    }

    @Override
    public int target(int i, int k) {
        return target[outEdges[outStart[i] + k]];
    }

    @Override
    public EdgeKind kind(int i, int k) {
        return kind[outEdges[outStart[i] + k]];
    }

    @Override
    public String via(int i, int k) {
        return via[outEdges[outStart[i] + k]];
    }

    @Override
    public CallEdge edge(int i, int k) {
        return edge(outEdges[outStart[i] + k]);
    }

    CallEdge edge(int e) {
        return new CallEdge(functions[source[e]], functions[target[e]], kind[e], via[e], calls.call(call[e]));
    }

    private Set<CallEdge> row(int[] start, int[] rows, FunctionId v) {
        Integer i = index.get(v);
        if (i == null) {
            throw new IllegalArgumentException("no such vertex in graph: " + v);
        }
        ArrayUnenforcedSet<CallEdge> out = new ArrayUnenforcedSet<>(start[i + 1] - start[i]);
        // Edges of one call expression (a field call with many targets) share its decoded fact, as they did when built;
        // they were added together, so they are neighbours in the row.
        int decoded = -1;
        CallFact fact = null;
        for (int r = start[i]; r < start[i + 1]; r++) {
            int e = rows[r];
            if (call[e] != decoded) {
                decoded = call[e];
                fact = calls.call(decoded);
            }
            out.add(new CallEdge(functions[source[e]], functions[target[e]], kind[e], via[e], fact));
        }
        return Collections.unmodifiableSet(out);
    }

    @Override
    public Set<CallEdge> outgoingEdgesOf(FunctionId v) {
        return row(outStart, outEdges, v);
    }

    @Override
    public Set<CallEdge> incomingEdgesOf(FunctionId v) {
        return row(inStart, inEdges, v);
    }

    @Override
    public int outDegreeOf(FunctionId v) {
        int i = require(v);
        return outStart[i + 1] - outStart[i];
    }

    @Override
    public int inDegreeOf(FunctionId v) {
        int i = require(v);
        return inStart[i + 1] - inStart[i];
    }

    @Override
    public int degreeOf(FunctionId v) {
        return outDegreeOf(v) + inDegreeOf(v);
    }

    @Override
    public Set<CallEdge> edgesOf(FunctionId v) {
        ArrayUnenforcedSet<CallEdge> all = new ArrayUnenforcedSet<>(outgoingEdgesOf(v));
        for (CallEdge e : incomingEdgesOf(v)) {
            if (!e.caller().equals(e.callee())) {
                all.add(e);
            }
        }
        return Collections.unmodifiableSet(all);
    }

    private int require(FunctionId v) {
        Integer i = index.get(v);
        if (i == null) {
            throw new IllegalArgumentException("no such vertex in graph: " + v);
        }
        return i;
    }

    @Override
    public Set<FunctionId> vertexSet() {
        return vertices;
    }

    @Override
    public boolean containsVertex(FunctionId v) {
        return index.containsKey(v);
    }

    /** Every edge, in the order they were added. */
    @Override
    public Set<CallEdge> edgeSet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<CallEdge> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < source.length;
                    }

                    @Override
                    public CallEdge next() {
                        if (next >= source.length) {
                            throw new NoSuchElementException();
                        }
                        return edge(next++);
                    }
                };
            }

            @Override
            public int size() {
                return source.length;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof CallEdge e && containsEdge(e);
            }
        };
    }

    @Override
    public boolean containsEdge(CallEdge e) {
        return containsVertex(e.caller()) && outgoingEdgesOf(e.caller()).contains(e);
    }

    @Override
    public Set<CallEdge> getAllEdges(FunctionId from, FunctionId to) {
        if (!containsVertex(from) || !containsVertex(to)) {
            return null;
        }
        ArrayUnenforcedSet<CallEdge> out = new ArrayUnenforcedSet<>();
        for (CallEdge e : outgoingEdgesOf(from)) {
            if (e.callee().equals(to)) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public CallEdge getEdge(FunctionId from, FunctionId to) {
        Set<CallEdge> all = getAllEdges(from, to);
        return all == null || all.isEmpty() ? null : all.iterator().next();
    }

    @Override
    public FunctionId getEdgeSource(CallEdge e) {
        return e.caller();
    }

    @Override
    public FunctionId getEdgeTarget(CallEdge e) {
        return e.callee();
    }

    @Override
    public GraphType getType() {
        return TYPE;
    }

    @Override
    public double getEdgeWeight(CallEdge e) {
        return DEFAULT_EDGE_WEIGHT;
    }

    @Override
    public Supplier<FunctionId> getVertexSupplier() {
        return null;
    }

    @Override
    public Supplier<CallEdge> getEdgeSupplier() {
        return null;
    }

    @Override
    public CallEdge addEdge(FunctionId from, FunctionId to) {
        throw readOnly();
    }

    @Override
    public boolean addEdge(FunctionId from, FunctionId to, CallEdge e) {
        throw readOnly();
    }

    @Override
    public FunctionId addVertex() {
        throw readOnly();
    }

    @Override
    public boolean addVertex(FunctionId v) {
        throw readOnly();
    }

    @Override
    public CallEdge removeEdge(FunctionId from, FunctionId to) {
        throw readOnly();
    }

    @Override
    public boolean removeEdge(CallEdge e) {
        throw readOnly();
    }

    @Override
    public boolean removeVertex(FunctionId v) {
        throw readOnly();
    }

    @Override
    public void setEdgeWeight(CallEdge e, double weight) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("a saved call graph is read-only");
    }
}

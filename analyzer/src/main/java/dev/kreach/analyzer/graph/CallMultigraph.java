package dev.kreach.analyzer.graph;

import org.jgrapht.graph.AbstractBaseGraph;
import org.jgrapht.graph.DefaultGraphSpecificsStrategy;
import org.jgrapht.graph.DefaultGraphType;

/**
 * The call graph's storage: a directed multigraph (one edge per call site and resolution) with self loops
 * (recursion). JGraphT's ready-made graphs keep an index from every (caller, callee) pair to its edges for O(1)
 * {@code getEdge(u, v)}; kreach never asks that, and on a whole kernel (4.6 million edges) the index costs some 400 MB
 * and a fifth of the graph stage, so this graph uses the plain specifics.
 */
public final class CallMultigraph extends AbstractBaseGraph<FunctionId, CallEdge> {
    private static final long serialVersionUID = 1L;

    public CallMultigraph() {
        super(null, null, new DefaultGraphType.Builder().directed().allowMultipleEdges(true).allowSelfLoops(true)
                .weighted(false).build(), new DefaultGraphSpecificsStrategy<>());
    }
}

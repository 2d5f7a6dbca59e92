package dev.kreach.analyzer.graph;

import java.util.HashMap;
import java.util.Map;
import org.jgrapht.Graph;

/** The rows of a graph held as edge objects (one built in this run): each function's edges in an array. */
final class BuiltRows implements EdgeRows {
    private final FunctionId[] functions;
    private final Map<FunctionId, Integer> index = new HashMap<>();
    private final CallEdge[][] edges;
    private final int[][] targets;

    BuiltRows(Graph<FunctionId, CallEdge> graph) {
        functions = graph.vertexSet().toArray(new FunctionId[0]);
        for (int i = 0; i < functions.length; i++) {
            index.put(functions[i], i);
        }
        edges = new CallEdge[functions.length][];
        targets = new int[functions.length][];
        for (int i = 0; i < functions.length; i++) {
            edges[i] = graph.outgoingEdgesOf(functions[i]).toArray(new CallEdge[0]);
            targets[i] = new int[edges[i].length];
            for (int k = 0; k < edges[i].length; k++) {
                targets[i][k] = index.get(edges[i][k].callee());
            }
        }
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
        return edges[i].length;
    }

    @Override
    public int target(int i, int k) {
        return targets[i][k];
    }

    @Override
    public EdgeKind kind(int i, int k) {
        return edges[i][k].kind();
    }

    @Override
    public String via(int i, int k) {
        return edges[i][k].via();
    }

    @Override
    public CallEdge edge(int i, int k) {
        return edges[i][k];
    }
}

package dev.kreach.analyzer.graph;

/**
 * A call graph's functions and callees by number, for searches that visit every edge of a whole kernel: a function's
 * callees are read in the order {@link CallGraph#graph()} gives them, and an edge's call expression is only made
 * (decoded, for a saved graph) when {@link #edge} asks for it.
 */
public interface EdgeRows {
    /** How many functions; they are numbered 0 to size-1 in the graph's vertex order. */
    int size();

    FunctionId function(int i);

    /** The number of {@code f}, or -1 when it is not in the graph. */
    int index(FunctionId f);

    /** How many calls function {@code i} makes (its out-degree). */
    int degree(int i);

    /** The callee of function {@code i}'s call {@code k}, by number. */
    int target(int i, int k);

    EdgeKind kind(int i, int k);

    String via(int i, int k);

    /** Function {@code i}'s call {@code k} as an edge, call expression and all. */
    CallEdge edge(int i, int k);
}

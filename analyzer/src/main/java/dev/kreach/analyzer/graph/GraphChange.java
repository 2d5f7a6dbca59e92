package dev.kreach.analyzer.graph;

import java.util.Set;

/**
 * What an {@link IncrementalGraph#update} changed in the graph it started from: the functions whose calls (edges
 * out), callers (edges in) or definitions differ, the {@code struct.field} binding entries that differ, and
 * whether the deferrals do. (A name's spellings are asked of the updated graph again, see {@link Reads}.)
 * {@code from} names the graph the update started from, so that what was computed on that graph is only ever
 * taken over for a change from it.
 */
public record GraphChange(Object from, Set<FunctionId> calls, Set<FunctionId> called, Set<FunctionId> defined,
        Set<String> tables, boolean deferrals) {

    public GraphChange {
        calls = Set.copyOf(calls);
        called = Set.copyOf(called);
        defined = Set.copyOf(defined);
        tables = Set.copyOf(tables);
    }
}

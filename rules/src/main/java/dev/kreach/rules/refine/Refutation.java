package dev.kreach.rules.refine;

import dev.kreach.analyzer.graph.CallEdge;
import java.util.List;

/**
 * A hop the chain's own code rules out: the indirect call at {@code hop} cannot reach its callee, because the value
 * it calls through is traced back, over the chain's edges {@code subpath} (the last of them the refuted call), to
 * functions that do not include it ({@code evidence}). Any chain with the same edges in a row is refuted the same
 * way; with {@code fromEntry} the trace went through the entry point's registration, so only chains that start with
 * them are.
 */
public record Refutation(int hop, List<CallEdge> subpath, boolean fromEntry, String evidence) {
    public Refutation {
        subpath = List.copyOf(subpath);
    }
}

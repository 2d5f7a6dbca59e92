package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.CallFact;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * What one file's calls resolved to, as a saved graph read back holds it: each call's caller and edges as numbers,
 * and where its call expression's record is in the saved bytes ({@link CallRecords}). A whole kernel has millions of
 * calls; an update resolves a few again and assembles the rest into the patched graph as they are, so a call's
 * expression is decoded only when an edge of it is asked for, and a file's calls become objects only when the
 * update touches them ({@link #decoded}).
 */
final class SavedCalls {
    private static final EdgeKind[] KINDS = EdgeKind.values();

    private final CallRecords records;
    /** The saved graph's functions by number; complete once the graph is read. */
    private final List<FunctionId> functions;
    private final int[] caller;
    /** Per call, its first edge; one more than the calls. */
    private final int[] edgeStart;
    /** Per call with edges, the offset of its expression's record; -1 for a call without edges. */
    private final int[] record;
    /** Calls at the same place as another of the file's calls with edges: only they can repeat an edge. */
    private final BitSet repeats;
    private final int[] from;
    private final int[] to;
    private final byte[] kind;
    private final String[] via;
    /** The deferrals of the few calls that register one, by call. */
    private final Map<Integer, List<Deferral>> deferrals;

    SavedCalls(CallRecords records, List<FunctionId> functions, int[] caller, int[] edgeStart, int[] record,
            BitSet repeats, int[] from, int[] to, byte[] kind, String[] via, Map<Integer, List<Deferral>> deferrals) {
        this.records = records;
        this.functions = functions;
        this.caller = caller;
        this.edgeStart = edgeStart;
        this.record = record;
        this.repeats = repeats;
        this.from = from;
        this.to = to;
        this.kind = kind;
        this.via = via;
        this.deferrals = deferrals;
    }

    int size() {
        return caller.length;
    }

    CallRecords records() {
        return records;
    }

    FunctionId caller(int call) {
        return functions.get(caller[call]);
    }

    /** The saved graph's functions, by the numbers the callers' and edges' ends are given as. */
    List<FunctionId> functions() {
        return functions;
    }

    int callerNumber(int call) {
        return caller[call];
    }

    int fromNumber(int edge) {
        return from[edge];
    }

    int toNumber(int edge) {
        return to[edge];
    }

    int firstEdge(int call) {
        return edgeStart[call];
    }

    int endEdge(int call) {
        return edgeStart[call + 1];
    }

    FunctionId from(int edge) {
        return functions.get(from[edge]);
    }

    FunctionId to(int edge) {
        return functions.get(to[edge]);
    }

    EdgeKind kind(int edge) {
        return KINDS[kind[edge]];
    }

    String via(int edge) {
        return via[edge];
    }

    /** The offset of call {@code call}'s expression record; -1 when it has no edges. */
    int record(int call) {
        return record[call];
    }

    /** Whether call {@code call} is at the same place as another of the file's calls with edges. */
    boolean repeats(int call) {
        return repeats.get(call);
    }

    List<Deferral> deferrals(int call) {
        return deferrals.getOrDefault(call, List.of());
    }

    /** Call {@code call}, decoded: its edges share one decoded expression, as they did when resolved. */
    Resolution.Resolved decoded(int call) {
        int n = edgeStart[call + 1] - edgeStart[call];
        List<CallEdge> edges = n == 0 ? List.of() : new ArrayList<>(n);
        if (n > 0) {
            CallFact fact = records.at(record[call]);
            for (int e = edgeStart[call]; e < edgeStart[call + 1]; e++) {
                edges.add(new CallEdge(from(e), to(e), kind(e), via[e], fact));
            }
        }
        return new Resolution.Resolved(caller(call), edges, deferrals(call));
    }

    /** Every call, decoded. */
    Resolution.Resolved[] decoded() {
        Resolution.Resolved[] out = new Resolution.Resolved[caller.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = decoded(i);
        }
        return out;
    }
}

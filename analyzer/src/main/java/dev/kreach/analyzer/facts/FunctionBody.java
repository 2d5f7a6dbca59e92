package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * What one function's body says about values, read again on demand for the functions on a reported chain: its
 * stores, calls and returns in source order. File-scope initializers are the body of the file ({@code function} empty).
 * {@code straightLine}: the body runs in source order, as far as its locals go: it has no loop, no {@code goto} back
 * to a label above it, no {@code static} local and nothing the parser could not read, so what starts after a call
 * ends cannot have happened before it in the same run. {@code jumps}: where control may leave the straight path
 * or join it from elsewhere, in source order: each {@code goto}, {@code break}, {@code continue}, {@code case},
 * {@code default} and label (returns are in {@code returns}).
 */
public record FunctionBody(String function, String file, List<Store> stores, List<BodyCall> calls,
        List<Return> returns, boolean straightLine, List<Position> jumps) {
    public FunctionBody {
        stores = List.copyOf(stores);
        calls = List.copyOf(calls);
        returns = List.copyOf(returns);
        jumps = List.copyOf(jumps);
    }

    /** The call at {@code site}, if the body has one there. */
    public java.util.Optional<BodyCall> callAt(Position site) {
        for (BodyCall call : calls) {
            if (call.site().equals(site)) {
                return java.util.Optional.of(call);
            }
        }
        return java.util.Optional.empty();
    }
}

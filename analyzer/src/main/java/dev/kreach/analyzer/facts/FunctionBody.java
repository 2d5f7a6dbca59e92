package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * What one function's body says about values, read again on demand for the functions on a reported chain: its
 * stores, calls and returns in source order. File-scope initializers are the body of the file ({@code function} empty).
 * {@code readable}: the body has no {@code static} local and nothing the parser could not read; with no loop either
 * (a macro's {@code do { ... } while (0)} is none) it is {@link #loopFree() loop-free}, and with no {@code goto}
 * back to a label above it, {@link #straightLine() straight-line}: it runs in source order, as far as its locals go,
 * so what starts after a call ends cannot have happened before it in the same run. Those two are derived from the
 * others, whatever the canonical constructor is given. {@code jumps}: where control may leave the straight path
 * or join it from elsewhere, in source order: each {@code goto}, {@code break}, {@code continue}, {@code case},
 * {@code default} and label, with where a goto or break lands (returns are in {@code returns}). {@code fieldUses}:
 * every field the body names through {@code ->} or {@code .} (or a designated initializer), in source order
 * (of a path, its last field first), with what is done with it.
 */
public record FunctionBody(String function, String file, List<Store> stores, List<BodyCall> calls,
        List<Return> returns, boolean readable, List<Jump> jumps, List<FieldUse> fieldUses, boolean loopFree,
        boolean straightLine) {
    public FunctionBody {
        stores = List.copyOf(stores);
        calls = List.copyOf(calls);
        returns = List.copyOf(returns);
        jumps = List.copyOf(jumps);
        fieldUses = List.copyOf(fieldUses);
        // Derived, not stored: the tracer asks for every store it weighs.
        loopFree = readable && jumps.stream().noneMatch(j -> j.kind() == Jump.Kind.LOOP);
        straightLine = loopFree && jumps.stream().noneMatch(Jump::back);
    }

    public FunctionBody(String function, String file, List<Store> stores, List<BodyCall> calls, List<Return> returns,
            boolean readable, List<Jump> jumps, List<FieldUse> fieldUses) {
        this(function, file, stores, calls, returns, readable, jumps, fieldUses, false, false);
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

package dev.kreach.rules.last;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.Argument;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import java.util.List;
import java.util.Optional;

/**
 * The put is of the function's parameter, and the function is only ever called through a callback argument: every
 * caller edge the graph has is a call of a function-pointer parameter (and the passers' view of those calls), and
 * each function that makes such a call holds a reference of its own to what it passes there, across the call
 * ({@link CallerHold}), as {@code ceph_iterate_session_caps()} does with the inode it {@code igrab()}s for each cap
 * and keeps in {@code last_inode} until the next one. The callback's put then drops another reference. Sound as far
 * as the graph knows every place the function's address goes: one stored where the graph does not follow (a field
 * no call is resolved through) would be a caller it does not see.
 */
public final class HeldAcrossCallback implements ReferenceReasoner {
    private final CallGraph graph;
    private final CallerHold hold;

    public HeldAcrossCallback(CallGraph graph, FunctionBodies bodies, List<String> gets, List<String> lookups,
            List<String> puts) {
        this.graph = graph;
        this.hold = new CallerHold(graph, bodies, gets, lookups, puts);
    }

    @Override
    public String name() {
        return "held-across-callback";
    }

    @Override
    public Optional<LastReference> judge(CallEdge put) {
        Optional<Argument.Parameter> parameter = CallerHold.putParameter(put);
        List<CallEdge> callers = graph.callers(put.caller());
        List<CallEdge> calls = callers.stream().filter(e -> e.kind() == EdgeKind.CALLBACK).toList();
        if (parameter.isEmpty() || calls.isEmpty() || callers.stream()
                .anyMatch(e -> e.kind() != EdgeKind.CALLBACK && e.kind() != EdgeKind.CALLBACK_ARGUMENT)) {
            return Optional.empty();
        }
        String function = graph.display(put.caller());
        return hold.acrossAll(calls, parameter.get().index()).map(held -> new LastReference(Verdict.NOT_LAST,
                name(), function + " is only called back, and " + (calls.size() == 1 ? "the one function that calls it"
                        : "each of the " + calls.size() + " functions that call it")
                        + " holds its own reference across the call: " + String.join("; ", held)));
    }
}

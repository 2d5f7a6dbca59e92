package dev.kreach.rules.last;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.Argument;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import java.util.List;
import java.util.Optional;

/**
 * The put is of the function's parameter, and every caller the graph has holds a reference of its own to what it
 * passes there across the call ({@link CallerHold}): the function's put then drops another reference while the
 * caller's is held. Checked for every caller in the graph, not only the chain's; a function called through a
 * pointer (see {@link HeldAcrossCallback}), or from a caller whose body cannot be read again, gets no verdict. So
 * {@code ceph_handle_caps()}, which holds its {@code ceph_find_inode()} reference across
 * {@code handle_cap_flush_ack()} and puts it after a {@code break} and two labels, holds it, while a {@code goto}
 * or return between the call and the put that leaves past the put hands the reference over on that path.
 */
public final class HeldByCaller implements ReferenceReasoner {
    private final CallGraph graph;
    private final CallerHold hold;

    public HeldByCaller(CallGraph graph, FunctionBodies bodies, List<String> gets, List<String> lookups,
            List<String> puts) {
        this.graph = graph;
        this.hold = new CallerHold(graph, bodies, gets, lookups, puts);
    }

    @Override
    public String name() {
        return "held-by-caller";
    }

    @Override
    public Optional<LastReference> judge(CallEdge put) {
        Optional<Argument.Parameter> parameter = CallerHold.putParameter(put);
        List<CallEdge> callers = graph.callers(put.caller());
        if (parameter.isEmpty() || callers.isEmpty() || callers.stream().anyMatch(e -> e.kind() != EdgeKind.DIRECT)) {
            return Optional.empty();
        }
        String function = graph.display(put.caller());
        return hold.acrossAll(callers, parameter.get().index()).map(held -> new LastReference(Verdict.NOT_LAST,
                name(), (callers.size() == 1 ? "its one caller" : "each of its " + callers.size() + " callers")
                        + " holds its own reference across the call of " + function + ": " + String.join("; ", held)));
    }
}

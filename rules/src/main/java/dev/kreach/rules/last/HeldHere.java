package dev.kreach.rules.last;

import dev.kreach.analyzer.facts.Argument;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import java.util.List;
import java.util.Optional;

/**
 * The function took a reference of its own on its parameter ({@code ihold(inode)}, earlier in the same body) and
 * the put gives that one back: the caller, which passed the inode, holds its own across the call
 * ({@code ceph_queue_inode_work()}: {@code ihold(inode); if (!queue_work(...)) iput(inode);}). Sound as far as a
 * caller holds the reference it passes, which the kernel's calling convention for inodes assumes; a reference taken
 * on something the function looked up itself (a cap's inode) proves nothing, since the calls between may drop the
 * other one. The gets are the rule pack's {@code balanced-by}.
 */
public final class HeldHere implements ReferenceReasoner {
    private final CallGraph graph;
    private final List<String> gets;

    public HeldHere(CallGraph graph, List<String> gets) {
        this.graph = graph;
        this.gets = List.copyOf(gets);
    }

    @Override
    public String name() {
        return "held-here";
    }

    @Override
    public Optional<LastReference> judge(CallEdge put) {
        if (put.call().arguments().isEmpty()
                || !(put.call().arguments().get(0) instanceof Argument.Parameter parameter)) {
            return Optional.empty();
        }
        for (CallEdge edge : graph.callees(put.caller())) {
            if (edge.kind() == EdgeKind.DIRECT && gets.contains(edge.callee().name())
                    && edge.site().compareTo(put.site()) < 0 && !edge.call().arguments().isEmpty()
                    && parameter.equals(edge.call().arguments().get(0))) {
                String argument = CallText.argument(put.text());
                return Optional.of(new LastReference(Verdict.NOT_LAST, name(), edge.callee().name() + "(" + argument
                        + ") at " + edge.site().place() + " takes the reference this put drops; the caller's own reference to "
                        + argument + ", which it passes to " + graph.display(put.caller()) + ", is held across it"));
            }
        }
        return Optional.empty();
    }
}

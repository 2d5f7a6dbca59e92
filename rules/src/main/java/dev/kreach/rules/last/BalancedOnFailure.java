package dev.kreach.rules.last;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.Condition;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Guard;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Queue-or-put: the function takes a reference on its parameter for a hand-off ({@code ihold(inode)}), hands it
 * off with a call that takes it over only when it returns true ({@code queue_work()}: false means the work was
 * queued already and holds its own), and puts only when that call returned false. The put gives back the
 * reference taken just before, on a path where nothing took it over, while the caller's own reference to the
 * parameter is held (the kernel's calling convention for inodes). Asked before {@link HeldHere}, whose argument
 * it makes precise. The gets and hand-offs are the rule pack's ({@code balanced-by}, {@code handed-off-by}).
 */
public final class BalancedOnFailure implements ReferenceReasoner {
    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final Set<String> gets;
    private final Set<String> handOffs;
    private final Set<String> puts;

    public BalancedOnFailure(CallGraph graph, FunctionBodies bodies, List<String> gets, List<String> handOffs,
            List<String> puts) {
        this.graph = graph;
        this.bodies = bodies;
        this.gets = Set.copyOf(gets);
        this.handOffs = Set.copyOf(handOffs);
        this.puts = Set.copyOf(puts);
    }

    @Override
    public String name() {
        return "balanced-on-failure";
    }

    @Override
    public Optional<LastReference> judge(CallEdge put) {
        Optional<FunctionBody> found = graph.definition(put.caller()).flatMap(f -> bodies.of(f.file(),
                put.caller().name()));
        Optional<BodyCall> call = found.flatMap(b -> b.callAt(put.site()));
        if (call.isEmpty() || call.get().arguments().isEmpty()
                || !(call.get().arguments().get(0) instanceof Value.Parameter object) || !object.fields().isEmpty()) {
            return Optional.empty();
        }
        FunctionBody body = found.get();
        String name = CallText.argument(put.text());
        for (Guard guard : call.get().guards()) {
            if (!(guard.condition() instanceof Condition.Not not) || !(not.operand() instanceof Condition.Call failed)
                    || !handOffs.contains(failed.name())) {
                continue;
            }
            Optional<BodyCall> handOff = body.calls().stream().filter(c -> failed.name().equals(c.name())
                    && c.site().compareTo(guard.site()) >= 0 && c.site().compareTo(put.site()) < 0).findFirst();
            if (handOff.isEmpty()) {
                continue;
            }
            Optional<BodyCall> get = body.calls().stream().filter(c -> c.name() != null && gets.contains(c.name())
                    && !c.arguments().isEmpty() && c.arguments().get(0).equals(object)
                    && StraightPaths.dominates(body, c.site(), c.guards(), handOff.get().site(),
                            handOff.get().guards())).reduce((first, later) -> later);
            if (get.isEmpty() || putOrStoreBetween(body, object, get.get().site(), put.site())) {
                continue;
            }
            return Optional.of(new LastReference(Verdict.NOT_LAST, name(), get.get().name() + "(" + name + ") at "
                    + get.get().site().place() + " takes a reference for " + failed.name() + "() at "
                    + handOff.get().site().place() + ", and the put at " + put.site().place() + " runs only when "
                    + failed.name() + "() took nothing over (" + guard.text() + "): it gives that reference back "
                    + "while the caller's own reference to " + name + ", which it passes to "
                    + graph.display(put.caller()) + ", is held"));
        }
        return Optional.empty();
    }

    private boolean putOrStoreBetween(FunctionBody body, Value object, Position from, Position to) {
        return body.calls().stream().anyMatch(c -> c.name() != null && puts.contains(c.name())
                && !c.arguments().isEmpty() && c.arguments().get(0).equals(object) && c.site().compareTo(from) > 0
                && c.site().compareTo(to) < 0)
                || body.stores().stream().anyMatch(s -> s.target().equals(object) && s.site().compareTo(from) > 0
                        && s.site().compareTo(to) < 0);
    }
}

package dev.kreach.rules.last;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.Argument;
import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Store;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The put is of the function's parameter, and every caller the graph has holds a reference of its own to what it
 * passes there across the call: it took one before the call ({@code ihold(inode)}, or the inode is what a lookup
 * that returns a referenced inode gave it: {@code inode = ilookup(sb, ino)}), did not put it between, and puts it
 * after the call, so the function did not take that one over. The function's put then drops another reference
 * while the caller's is held.
 * <p>
 * Checked for every caller in the graph, not only the chain's; a function called through a pointer, or from a
 * caller whose body cannot be read again, gets no verdict. The take must happen on every path to the call
 * (dominate it) and the put on every path from it (post-dominate it), as {@link StraightPaths} decides: so
 * {@code ceph_handle_caps()}, which holds its {@code ceph_find_inode()} reference across
 * {@code handle_cap_flush_ack()} and puts it after a {@code break} and two labels, holds it, while a
 * {@code goto} or return between the call and the put that leaves past the put hands the reference over on that
 * path. There must be no put between the take and the call. A caller with a loop (or anything else
 * {@link FunctionBody#loopFree()} refuses) gets no verdict,
 * nor one that stores another value into the variable between the take and the put. The gets and lookups are the
 * rule pack's ({@code balanced-by}, {@code referenced-by}).
 */
public final class HeldByCaller implements ReferenceReasoner {
    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final Set<String> gets;
    private final Set<String> lookups;
    private final Set<String> puts;

    public HeldByCaller(CallGraph graph, FunctionBodies bodies, List<String> gets, List<String> lookups,
            List<String> puts) {
        this.graph = graph;
        this.bodies = bodies;
        this.gets = Set.copyOf(gets);
        this.lookups = Set.copyOf(lookups);
        this.puts = Set.copyOf(puts);
    }

    @Override
    public String name() {
        return "held-by-caller";
    }

    @Override
    public Optional<LastReference> judge(CallEdge put) {
        if (put.call().arguments().isEmpty()
                || !(put.call().arguments().get(0) instanceof Argument.Parameter parameter)) {
            return Optional.empty();
        }
        List<CallEdge> callers = graph.callers(put.caller());
        if (callers.isEmpty() || callers.stream().anyMatch(e -> e.kind() != EdgeKind.DIRECT)) {
            return Optional.empty();
        }
        List<String> held = new ArrayList<>();
        for (CallEdge caller : callers) {
            Optional<String> evidence = heldAcross(caller, parameter.index());
            if (evidence.isEmpty()) {
                return Optional.empty();
            }
            held.add(evidence.get());
        }
        String function = graph.display(put.caller());
        return Optional.of(new LastReference(Verdict.NOT_LAST, name(), (callers.size() == 1 ? "its one caller"
                : "each of its " + callers.size() + " callers") + " holds its own reference across the call of "
                + function + ": " + String.join("; ", held)));
    }

    /** How the caller holds a reference to argument {@code index} across its call; empty when it does not. */
    private Optional<String> heldAcross(CallEdge edge, int index) {
        Optional<FunctionBody> body = bodyOf(edge.caller());
        Optional<BodyCall> call = body.flatMap(b -> b.callAt(edge.site()));
        // A caller that loops may put in one round what it takes in the next: StraightPaths refuses those.
        if (call.isEmpty() || index >= call.get().arguments().size()) {
            return Optional.empty();
        }
        Value object = call.get().arguments().get(index);
        if (!(object instanceof Value.Local || object instanceof Value.Parameter)) {
            return Optional.empty();
        }
        // The earliest reference the caller takes on every path to the call: its own, which a later get (an extra
        // one for the callee to drop) does not replace.
        FunctionBody b = body.get();
        BodyCall at = call.get();
        Position taken = null;
        String how = null;
        for (BodyCall c : b.calls()) {
            if (is(gets, c) && firstIs(c, object) && (taken == null || c.site().compareTo(taken) < 0)
                    && StraightPaths.dominates(b, c.site(), c.guards(), edge.site(), at.guards())) {
                taken = c.site();
                how = c.name() + "(" + object.text() + ")";
            }
        }
        for (Store store : b.stores()) {
            // A store's branch is not recorded: it takes the reference on every path to the call only when what the
            // variable held before it is nothing (NULL, or no value), so that a path past it passes no inode at all.
            if (store.target().equals(object) && store.value() instanceof Value.Result r && r.fields().isEmpty()
                    && lookups.contains(r.function()) && (taken == null || store.site().compareTo(taken) < 0)
                    && onlyNothingBefore(b, object, store.site())
                    && StraightPaths.dominates(b, store.site(), List.of(), edge.site(), at.guards())) {
                taken = store.site();
                how = object.text() + " = " + r.function() + "()";
            }
        }
        if (taken == null) {
            return Optional.empty();
        }
        Position from = taken;
        Position released = null;
        for (BodyCall c : b.calls()) {
            if (is(puts, c) && firstIs(c, object)) {
                if (taken.compareTo(c.site()) < 0 && c.site().compareTo(edge.site()) < 0) {
                    return Optional.empty();
                }
                // The put must run whenever the call has run: no condition the call is not under (an else branch's
                // put gives nothing back on the call's path) and nothing between that leaves for a place past it
                // (handle_cap_grant(inode, ...); goto done_unlocked; hands the reference over on that path).
                if (released == null && c.site().compareTo(at.end()) >= 0
                        && StraightPaths.postDominates(b, at.end(), at.guards(), c.site(), c.guards())) {
                    released = c.site();
                }
            }
        }
        if (released == null) {
            return Optional.empty();
        }
        // The variable must name the same inode from the take to the put: no other value stored into it between.
        Position put = released;
        if (b.stores().stream().anyMatch(st -> st.target().equals(object)
                && from.compareTo(st.site()) < 0 && st.site().compareTo(put) < 0)) {
            return Optional.empty();
        }
        return Optional.of(graph.display(edge.caller()) + " takes it with " + how + " at " + place(taken)
                + ", calls at " + place(edge.site()) + " and puts it at " + place(released));
    }

    /** Whether every store into {@code object} before {@code site} stores a constant: NULL, or nothing yet. */
    private static boolean onlyNothingBefore(FunctionBody body, Value object, Position site) {
        return body.stores().stream().noneMatch(st -> st.target().equals(object) && st.site().compareTo(site) < 0
                && !(st.value() instanceof Value.Constant));
    }

    /** Whether {@code call} is a named call of one of {@code functions} (a call through a pointer is none). */
    private static boolean is(Set<String> functions, BodyCall call) {
        return call.name() != null && functions.contains(call.name());
    }

    private static boolean firstIs(BodyCall call, Value object) {
        return !call.arguments().isEmpty() && call.arguments().get(0).equals(object);
    }

    private Optional<FunctionBody> bodyOf(FunctionId function) {
        return graph.definition(function).flatMap(f -> bodies.of(f.file(), function.name()));
    }

    private static String place(Position site) {
        return site.file() + ":" + site.line();
    }
}

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
import dev.kreach.analyzer.graph.FunctionId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a function holds a reference of its own to what it passes at one call, across that call: it took one
 * on every path to the call ({@code ihold(inode)}, or the inode is what a lookup that returns a referenced inode
 * gave it: {@code inode = ilookup(sb, ino)}), with no put and no other value stored into the variable between,
 * and on every path from the call it keeps it: puts it ({@code iput(inode)}) or moves it into another variable it
 * puts ({@code last_inode = inode}, as an iterator does), with nothing stored into the variable before that. So
 * the callee, which cannot know which way its caller goes on, did not take that reference over. Paths are
 * {@link StraightPaths}'; the gets and lookups are the rule pack's ({@code balanced-by}, {@code referenced-by}).
 */
final class CallerHold {
    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final Set<String> gets;
    private final Set<String> lookups;
    private final Set<String> puts;

    CallerHold(CallGraph graph, FunctionBodies bodies, List<String> gets, List<String> lookups, List<String> puts) {
        this.graph = graph;
        this.bodies = bodies;
        this.gets = Set.copyOf(gets);
        this.lookups = Set.copyOf(lookups);
        this.puts = Set.copyOf(puts);
    }

    /** The parameter a put drops (its first argument), if it is one. */
    static Optional<Argument.Parameter> putParameter(CallEdge put) {
        return put.call().arguments().isEmpty() || !(put.call().arguments().get(0) instanceof Argument.Parameter p)
                ? Optional.empty() : Optional.of(p);
    }

    /** How each of {@code calls} holds a reference to its argument {@code index}; empty if one does not. */
    Optional<List<String>> acrossAll(List<CallEdge> calls, int index) {
        List<String> held = new java.util.ArrayList<>();
        for (CallEdge call : calls) {
            Optional<String> evidence = across(call.caller(), call.site(), index);
            if (evidence.isEmpty()) {
                return Optional.empty();
            }
            held.add(evidence.get());
        }
        return Optional.of(held);
    }

    /** How {@code caller} holds a reference to argument {@code index} of its call at {@code site}; empty if not. */
    Optional<String> across(FunctionId caller, Position site, int index) {
        Optional<FunctionBody> found = graph.definition(caller).flatMap(f -> bodies.of(f.file(), caller.name()));
        Optional<BodyCall> call = found.flatMap(b -> b.callAt(site));
        if (call.isEmpty() || index >= call.get().arguments().size()) {
            return Optional.empty();
        }
        FunctionBody body = found.get();
        BodyCall at = call.get();
        Value object = at.arguments().get(index);
        if (!(object instanceof Value.Local || object instanceof Value.Parameter) || !object.fields().isEmpty()) {
            return Optional.empty();
        }
        // The earliest reference taken on every path to the call: the caller's own, which a later get (an extra
        // one for the callee to drop) does not replace.
        Position taken = null;
        String how = null;
        for (BodyCall c : body.calls()) {
            if (is(gets, c) && firstIs(c, object) && (taken == null || c.site().compareTo(taken) < 0)
                    && StraightPaths.dominates(body, c.site(), c.guards(), site, at.guards())) {
                taken = c.site();
                how = c.name() + "(" + object.text() + ")";
            }
        }
        for (Store store : body.stores()) {
            // What the variable held before matters on a path that skips the store: let it be nothing (NULL, or
            // no value), so that such a path passes no inode at all.
            if (store.target().equals(object) && store.value() instanceof Value.Result r && r.fields().isEmpty()
                    && lookups.contains(r.function()) && (taken == null || store.site().compareTo(taken) < 0)
                    && onlyNothingBefore(body, object, store.site())
                    && StraightPaths.dominates(body, store.site(), store.guards(), site, at.guards())) {
                taken = store.site();
                how = object.text() + " = " + r.function() + "()";
            }
        }
        if (taken == null) {
            return Optional.empty();
        }
        for (BodyCall c : body.calls()) {
            if (is(puts, c) && firstIs(c, object) && taken.compareTo(c.site()) < 0 && c.site().compareTo(site) < 0) {
                return Optional.empty();
            }
        }
        Optional<String> kept = putAfter(body, at, object).or(() -> movedAfter(body, at, object));
        Position from = taken;
        String took = how;
        return kept.filter(k -> !storedBetween(body, object, from, site)).map(k -> graph.display(caller)
                + " takes it with " + took + " at " + from.place() + ", calls at " + site.place() + " and " + k);
    }

    /**
     * The first put of {@code object} after the call that runs whenever the call has run (an else branch's put gives
     * nothing back on the call's path; {@code handle_cap_grant(inode, ...); goto done_unlocked;} hands the reference
     * over on that path), with no other value stored into the variable between.
     */
    private Optional<String> putAfter(FunctionBody body, BodyCall at, Value object) {
        for (BodyCall c : body.calls()) {
            if (is(puts, c) && firstIs(c, object) && c.site().compareTo(at.end()) >= 0
                    && StraightPaths.postDominates(body, at.end(), at.guards(), c.site(), c.guards())) {
                return storedBetween(body, object, at.site(), c.site()) ? Optional.empty()
                        : Optional.of("puts it at " + c.site().place());
            }
        }
        return Optional.empty();
    }

    /** A store of {@code object} into another local right after the call, on every path, that the body puts. */
    private Optional<String> movedAfter(FunctionBody body, BodyCall at, Value object) {
        for (Store store : body.stores()) {
            if (store.value().equals(object) && store.target() instanceof Value.Local keeper
                    && keeper.fields().isEmpty() && store.site().compareTo(at.end()) >= 0
                    && StraightPaths.postDominates(body, at.end(), at.guards(), store.site(), store.guards())
                    && !storedBetween(body, object, at.site(), store.site())) {
                List<String> putsOfKeeper = body.calls().stream().filter(c -> is(puts, c) && firstIs(c, keeper))
                        .map(c -> c.site().place()).toList();
                if (!putsOfKeeper.isEmpty()) {
                    return Optional.of("keeps it in " + keeper.text() + " at " + store.site().place()
                            + ", which it puts (" + String.join(", ", putsOfKeeper) + ")");
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean storedBetween(FunctionBody body, Value object, Position from, Position to) {
        return body.stores().stream().anyMatch(st -> st.target().equals(object) && from.compareTo(st.site()) < 0
                && st.site().compareTo(to) < 0);
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
}

package dev.kreach.rules.last;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.Condition;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Guard;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Store;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.rules.pack.ReferenceCalls;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The put may be the last, but of an inode nobody else has seen, so its eviction has nothing to wait for: no
 * writeback was ever started on it and no I/O issued, because nothing could find it to start one. Two shapes:
 * <ul>
 * <li>the function allocated it ({@code inode = new_inode(sb)}, the pack's {@code allocated-by}) and puts it on a
 * path where it was not made visible: an error exit before it was hashed, inserted or attached;</li>
 * <li>a call that hashes its new inode argument or returns the one already hashed under that key (the pack's
 * {@code inserted-or-found-by}: {@code inode_insert5()}, whose argument is by contract a preallocated inode nobody
 * has seen) returned another, and the put, which runs only then ({@code if (inode != newino) iput(newino);}), drops
 * the argument it left unseen.</li>
 * </ul>
 * In both, from the allocation or the refusal to the put, on every path (as {@link StraightPaths} decides), the
 * inode is stored nowhere and passed to no call but ones whose callees in the graph reach none of the pack's
 * {@code published-by} calls (hash, insert, dentry, dirtying) nor anything undefined. Sound under the
 * {@code inserted-or-found-by} contract and as far as the graph's callees are complete.
 * <p>A third: the put drops what a structure field holds, or what was just moved out of it, and the field only ever
 * holds an inode never hashed, attached or given I/O ({@link UnseenField}): {@code ceph_mds_request.r_new_inode}, the inode a create
 * preallocates for its reply, put by the request's release when the reply did not consume it.
 */
public final class NeverVisible implements ReferenceReasoner {
    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final Set<String> allocators;
    private final Set<String> publishers;
    private final Set<String> insertOrFind;
    /** Whether a function can reach a publisher (or code the graph cannot see into), per function. */
    private final Map<FunctionId, Boolean> mayPublish = new ConcurrentHashMap<>();

    private final UnseenField fields;

    public NeverVisible(CallGraph graph, FunctionBodies bodies, ReferenceCalls calls, List<String> sinks) {
        this.graph = graph;
        this.bodies = bodies;
        this.allocators = Set.copyOf(calls.allocatedBy());
        this.publishers = Set.copyOf(calls.publishedBy());
        this.insertOrFind = Set.copyOf(calls.insertedOrFoundBy());
        this.fields = new UnseenField(graph, bodies, calls.allocatedBy(), sinks, calls.movedOutBy(), calls.inspectedBy());
    }

    @Override
    public String name() {
        return "never-visible";
    }

    @Override
    public Optional<LastReference> judge(CallEdge put) {
        Optional<FunctionBody> body = graph.definition(put.caller()).flatMap(f -> bodies.of(f.file(),
                put.caller().name()));
        Optional<BodyCall> call = body.flatMap(b -> b.callAt(put.site()));
        if (call.isEmpty() || call.get().arguments().isEmpty()) {
            return Optional.empty();
        }
        Value object = call.get().arguments().get(0);
        if (!(object instanceof Value.Local || object instanceof Value.Parameter)) {
            return Optional.empty();
        }
        String name = CallText.argument(put.text());
        if (!object.fields().isEmpty()) {
            String field = object.fields().get(object.fields().size() - 1);
            return fields.holdsOnlyUnseen(field).map(why -> new LastReference(Verdict.CANNOT_BLOCK, name(),
                    name + " at " + put.site().place() + " can only be an inode never hashed, attached or given I/O: " + why
                    + ": its eviction has no writeback or I/O to wait for"));
        }
        FunctionId caller = put.caller();
        return allocatedHere(caller, body.get(), call.get(), object, name)
                .or(() -> refused(caller, body.get(), call.get(), object, name))
                .or(() -> movedOut(caller, body.get(), call.get(), object, name));
    }

    /**
     * The put drops what was moved out of a field that only ever holds unseen inodes ({@code in =
     * xchg(&req->r_new_inode, NULL)}), with nothing between that shows it to anyone.
     */
    private Optional<LastReference> movedOut(FunctionId caller, FunctionBody body, BodyCall put, Value object,
            String name) {
        for (Store store : body.stores()) {
            if (!store.target().equals(object) || !(store.value() instanceof Value.Result r) || !r.fields().isEmpty()
                    || store.site().compareTo(put.site()) >= 0) {
                continue;
            }
            Optional<BodyCall> move = body.callAt(r.site());
            if (move.isEmpty() || move.get().arguments().isEmpty()) {
                continue;
            }
            List<String> path = move.get().arguments().get(0).fields();
            String field = path.isEmpty() ? null : path.get(path.size() - 1);
            if (field == null || !fields.movesOut(move.get(), field)
                    || !unseenUntil(caller, body, object, move.get().end(), put)) {
                continue;
            }
            Optional<String> why = fields.holdsOnlyUnseen(field);
            if (why.isPresent()) {
                return Optional.of(new LastReference(Verdict.CANNOT_BLOCK, name(), name + " = " + r.function()
                        + "(" + move.get().arguments().get(0).text() + ", ...) at " + store.site().place()
                        + " moved it out of ->" + field + ", and until the put at " + put.site().place()
                        + " nothing hashes, attaches or dirties it; " + why.get()
                        + ": its eviction has no writeback or I/O to wait for"));
            }
        }
        return Optional.empty();
    }

    private Optional<LastReference> allocatedHere(FunctionId caller, FunctionBody body, BodyCall put, Value object, String name) {
        for (Store store : body.stores()) {
            if (store.target().equals(object) && store.value() instanceof Value.Result r && r.fields().isEmpty()
                    && allocators.contains(r.function()) && unseenUntil(caller, body, object, store.site(), put)
                    && body.stores().stream().noneMatch(s -> s.target().equals(object)
                            && s.site().compareTo(store.site()) < 0 && !(s.value() instanceof Value.Constant))) {
                return Optional.of(new LastReference(Verdict.CANNOT_BLOCK, name(), name + " = "
                        + r.function() + "() at " + store.site().place() + " allocated it in this function, and "
                        + "until the put at " + put.site().place() + " nothing makes it visible (it is stored "
                        + "nowhere and passed to nothing that hashes, inserts, attaches or dirties it): its "
                        + "eviction has no writeback or I/O to wait for"));
            }
        }
        return Optional.empty();
    }

    private Optional<LastReference> refused(FunctionId caller, FunctionBody body, BodyCall put, Value object, String name) {
        for (Guard guard : put.guards()) {
            if (!(guard.condition() instanceof Condition.Compare compare) || !compare.op().equals("!=")) {
                continue;
            }
            Value found = compare.left().equals(object) ? compare.right()
                    : compare.right().equals(object) ? compare.left() : null;
            if (!(found instanceof Value.Local) || !found.fields().isEmpty()) {
                continue;
            }
            for (Store store : body.stores()) {
                if (!store.target().equals(found) || !(store.value() instanceof Value.Result r)
                        || !r.fields().isEmpty() || !insertOrFind.contains(r.function())
                        || store.site().compareTo(guard.site()) >= 0) {
                    continue;
                }
                Optional<BodyCall> insert = body.callAt(r.site());
                if (insert.isPresent() && !insert.get().arguments().isEmpty()
                        && insert.get().arguments().get(0).equals(object)
                        && unseenUntil(caller, body, object, insert.get().end(), put)
                        && body.stores().stream().noneMatch(s -> s.target().equals(found)
                                && s.site().compareTo(store.site()) > 0 && s.site().compareTo(put.site()) < 0)) {
                    return Optional.of(new LastReference(Verdict.CANNOT_BLOCK, name(), r.function() + "("
                            + name + ") at " + insert.get().site().place() + " returned another inode, "
                            + "found under the same key, and left " + name + " unhashed; the put at "
                            + put.site().place() + " runs only then (" + guard.text() + "), with nothing between "
                            + "that makes it visible: its eviction has no writeback or I/O to wait for"));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether from {@code from} the put always comes with {@code object} unseen: {@code from} dominates the put,
     * and nothing between stores another value into it, stores it anywhere, or passes it to a call that may
     * publish it.
     */
    private boolean unseenUntil(FunctionId caller, FunctionBody body, Value object, Position from, BodyCall put) {
        if (!StraightPaths.dominates(body, from, List.of(), put.site(), put.guards())) {
            return false;
        }
        for (Store store : body.stores()) {
            if (between(store.site(), from, put.site())
                    && (store.target().equals(object) || roots(store.value(), object))) {
                return false;
            }
        }
        for (BodyCall c : body.calls()) {
            if (between(c.site(), from, put.site()) && c.arguments().stream().anyMatch(a -> roots(a, object))
                    && mayPublishAt(caller, c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the call may publish what it is given: through a pointer, to nothing the graph knows, or onwards. */
    private boolean mayPublishAt(FunctionId caller, BodyCall call) {
        List<FunctionId> callees = call.name() == null ? List.of() : graph.calleesAt(caller, call.site(), true);
        return callees.isEmpty() || callees.stream().anyMatch(this::publishes);
    }

    /** Whether {@code function} is, or can reach, a publisher or a function the graph has no body for. */
    private boolean publishes(FunctionId function) {
        Boolean known = mayPublish.get(function);
        if (known != null) {
            return known;
        }
        Deque<FunctionId> work = new ArrayDeque<>(List.of(function));
        Set<FunctionId> seen = new HashSet<>(work);
        boolean found = false;
        while (!work.isEmpty() && !found) {
            FunctionId f = work.pop();
            found = publishers.contains(f.name()) || graph.definition(f).isEmpty();
            for (CallEdge edge : graph.graph().containsVertex(f) ? graph.graph().outgoingEdgesOf(f)
                    : Set.<CallEdge>of()) {
                if (seen.add(edge.callee())) {
                    work.push(edge.callee());
                }
            }
        }
        mayPublish.putIfAbsent(function, found);
        return found;
    }

    /** Whether {@code value} is {@code object} or reaches through it ({@code inode->i_mapping}). */
    private static boolean roots(Value value, Value object) {
        if (value instanceof Value.Local l && object instanceof Value.Local o) {
            return l.name().equals(o.name());
        }
        if (value instanceof Value.Parameter p && object instanceof Value.Parameter o) {
            return p.index() == o.index();
        }
        return false;
    }

    private static boolean between(Position site, Position from, Position to) {
        return site.compareTo(from) > 0 && site.compareTo(to) < 0;
    }
}

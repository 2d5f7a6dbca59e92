package dev.kreach.rules.refine;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Store;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.Deferral;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.graph.Reads;
import dev.kreach.analyzer.model.ContainerModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Traces the value an indirect call on a chain goes through back to the functions it can hold: through the calling
 * function's stores and initializers ({@code wc.process_func = process_one_buffer}), the arguments of the chain's
 * own calls (a parameter's value is what the chain's caller passed), stores a callee makes into an object the
 * function passes it ({@code rpc_init_task(task, setup)} copying {@code setup->callback_ops}), file-scope tables
 * ({@code static const struct ceph_connection_operations osd_con_ops = { .dispatch = osd_dispatch }}), the
 * registration of a work entry point ({@code INIT_DELAYED_WORK(&con->work, ceph_con_workfn)}: the entry's work item
 * belongs to the object registered), a direct callee's returns ({@code task = new_task(&write_ops)}; a modelled
 * allocator's new object holds no function), a modelled container's lookup (an {@link Element}, which
 * {@link ContainerFlow} may verify), and, off the chain, every direct caller of a function with few of them. A call
 * through a pointer is taken to store what the functions the graph binds there store, when they are few, and
 * anything otherwise.
 * <p>
 * Flow-insensitive and field-based: every store to a path in a function counts, wherever it is. The answer is a list
 * of sources, each a function or a reason the value is unknown; one trace serves one hop.
 */
final class ValueTrace {
    /**
     * Where a value comes from: {@code function} stored at {@code site}, a constant (function and why null), or why
     * it is unknown; {@code trail}: the places the trace passed on its way there, from the hop back.
     * {@code passedOn}: unknown only because the object is passed to code that may store into it in a way the
     * tracer cannot follow (a weaker reason than where the value itself comes from).
     */
    record Source(String function, Position site, String why, List<Position> trail, Long constant,
            boolean passedOn, Element element) {
        boolean unknown() {
            return why != null;
        }
    }

    /**
     * An object looked up in a container ({@code lookup_request(&osd->o_requests, tid)} at {@code site}), then
     * {@code fields}: the value is whatever that field holds in an object the container's insert put under a root
     * of the same last field ({@code root}). Unknown as far as refuting goes; {@link ContainerFlow} may verify it.
     */
    record Element(ContainerModel container, String root, List<String> fields, Position site) {
    }

    /** A callee whose result is being traced, entered from {@code call} in {@code caller} at chain index {@code hop}. */
    private record Frame(FunctionId caller, int hop, BodyCall call) {
    }

    /** The hop index of a function entered for its return value: its parameters are its frame's call's arguments. */
    private static final int RETURNED = -2;

    private final java.util.ArrayDeque<Frame> frames = new java.util.ArrayDeque<>();

    /** The places the current branch of the trace has passed, from the hop back. */
    private final java.util.ArrayDeque<Position> trail = new java.util.ArrayDeque<>();

    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final List<CallEdge> chain;
    private final int callers;
    private final int fields;
    private final Set<String> seen = new HashSet<>();
    private int lowest;
    private boolean usedEntry;

    private final Map<StoredKey, Kept> storedMemo;
    private final Map<StoredByKey, Kept> storedByMemo;

    private final int storeDepth;

    ValueTrace(CallGraph graph, FunctionBodies bodies, List<CallEdge> chain, int callers, int fields,
            int storeDepth, Map<StoredKey, Kept> storedMemo, Map<StoredByKey, Kept> storedByMemo) {
        this.storedByMemo = storedByMemo;
        this.storeDepth = storeDepth;
        this.storedMemo = storedMemo;
        this.graph = graph;
        this.bodies = bodies;
        this.chain = chain;
        this.callers = callers;
        this.fields = fields;
    }

    /** The sources of {@code value} as function {@code hop}'s caller sees it at its call ({@code chain.get(hop)}). */
    List<Source> trace(Value value, int hop, int depth) {
        start(hop);
        return more(value, hop, depth);
    }

    /** Starts the traces of one hop: {@link #lowestHop} and {@link #usedEntry} then say what they used. */
    void start(int hop) {
        lowest = hop;
        usedEntry = false;
    }

    /** Another trace for the same hop, keeping what {@link #lowestHop} and {@link #usedEntry} say so far. */
    List<Source> more(Value value, int hop, int depth) {
        seen.clear();
        return resolve(value, chain.get(hop).caller(), hop, depth, chain.get(hop).site());
    }

    /** The sources of {@code value} as {@code function}'s body names it, off the chain (a predicate's own stores). */
    List<Source> offChain(Value value, FunctionId function, int depth, Position site) {
        seen.clear();
        return resolve(value, function, -1, depth, site);
    }

    /** The earliest chain edge the last trace read an argument of. */
    int lowestHop() {
        return lowest;
    }

    /** Whether the last trace went past the entry point into its registration. */
    boolean usedEntry() {
        return usedEntry;
    }

    /**
     * The sources of {@code value} in {@code function}; {@code hop}: the chain index of the edge that function makes,
     * -1 off the chain. {@code site}: where the value was last seen, for evidence.
     */
    private List<Source> resolve(Value value, FunctionId function, int hop, int depth, Position site) {
        trail.addLast(site);
        try {
            return resolveHere(value, function, hop, depth, site);
        } finally {
            trail.removeLast();
        }
    }

    private List<Source> resolveHere(Value value, FunctionId function, int hop, int depth, Position site) {
        if (value instanceof Value.Constant c) {
            return List.of(constant(c.value(), site));
        }
        if (value instanceof Value.Unknown u) {
            return List.of(unknown(site, u.why()));
        }
        if (depth <= 0) {
            return List.of(unknown(site, "the trace reached its depth (trace-depth)"));
        }
        if (value.fields().size() > fields) {
            return List.of(unknown(site, "a path of more than " + fields + " fields (trace-fields)"));
        }
        if (!seen.add(function.qualified() + "|" + value + "|" + hop + "|" + frames.size()
                + (frames.isEmpty() ? "" : frames.peek().call().site()))) {
            return List.of();
        }
        String file = graph.definition(function).map(f -> f.file()).orElse(null);
        if (value instanceof Value.Global global) {
            return global(global, file, depth, site);
        }
        Optional<FunctionBody> body = file == null ? Optional.empty() : bodies.of(file, function.name());
        if (body.isEmpty()) {
            return List.of(unknown(site, "the body of " + graph.display(function) + " could not be read again"));
        }
        if (value instanceof Value.Result result) {
            return returned(result, body.get(), function, hop, depth);
        }
        List<Source> out = new ArrayList<>();
        boolean assigned = false;
        Position until = chainCallEnd(value, body.get(), function, hop, site);
        for (Store store : body.get().stores()) {
            if (store.target().isPrefixOf(value) && (until == null || store.site().compareTo(until) < 0)) {
                assigned = true;
                out.addAll(resolve(store.value().with(rest(store.target(), value)), function, hop, depth - 1,
                        store.site()));
            }
        }
        assigned |= calleeStores(body.get(), value, function, hop, depth, out, until);
        if (value instanceof Value.Local local) {
            if (!assigned) {
                out.add(unknown(site, local.name() + " is not given a value the tracer follows in "
                        + graph.display(function)));
            }
            return out;
        }
        out.addAll(fromCallers((Value.Parameter) value, function, hop, depth));
        return out;
    }

    /**
     * Stores a direct callee makes into an object {@code function} passes it ({@code init(&obj, setup)} setting
     * {@code obj->ops = setup->ops}), or that the callee's own callees make into it; the callee's parameters stand
     * for this call's arguments.
     */
    private boolean calleeStores(FunctionBody body, Value value, FunctionId function, int hop, int depth,
            List<Source> out, Position until) {
        boolean found = false;
        for (BodyCall call : body.calls()) {
            if (call.arguments().stream().noneMatch(a -> a.isPrefixOf(value))
                    || (until != null && call.site().compareTo(until) >= 0)) {
                continue;
            }
            int onChain = chainCallAt(hop, function, call);
            // Whether a call stores into the path is its own question, searched to the full trace-depth wherever
            // the trace is (a walker's callbacks are as deep at the fifth caller up as at the first); many chains
            // ask it of the same call, and the answer depends on nothing else but, for the chain's own calls, the
            // rest of the chain.
            StoredKey key = new StoredKey(function, call.site(), value,
                    onChain < 0 ? List.of() : List.copyOf(chain.subList(onChain, chain.size())));
            Kept kept = storedMemo.get(key);
            List<Stored> stores;
            if (kept == null) {
                // Computed outside the map, which other threads' checks share: at worst twice, never blocking.
                Reads.Recorded<List<Stored>> computed = Reads.record(
                        () -> storedThrough(function, call, value, storeDepth, new StoreWalk(), onChain));
                stores = computed.value();
                storedMemo.putIfAbsent(key, new Kept(stores, computed.reads()));
            } else {
                Reads.replay(kept.reads());
                stores = kept.stores();
            }
            boolean modified = false;
            for (Stored stored : stores) {
                found = true;
                Value v = stored.value();
                if (v instanceof Value.Unknown u) {
                    // One is enough: any unknown keeps the hop, and the evidence names the first.
                    if (!modified) {
                        out.add(modified(stored.site(), u.why()));
                    }
                    modified = true;
                } else if (stored.where().equals(function)) {
                    out.addAll(resolve(v, function, hop, depth - 2, stored.site()));
                } else if (v instanceof Value.Global || v instanceof Value.Constant) {
                    out.addAll(resolve(v, stored.where(), -1, depth - 2, stored.site()));
                } else {
                    out.add(modified(stored.site(), "a value " + graph.display(stored.where()) + " computes itself"));
                }
            }
        }
        return found;
    }

    /**
     * Where the chain's own call at {@code site} ends, when {@code value} is a local of a function that runs in
     * source order ({@link FunctionBody#straightLine()}): a store or a call that starts after it happens after the
     * chain has left, in this run, and a local is this run's own ({@code nlm_unlock_files()}'s second
     * {@code vfs_lock_file(…, &lock, …)} cannot set what the first passes on). Null anywhere else: every store counts.
     */
    private Position chainCallEnd(Value value, FunctionBody body, FunctionId function, int hop, Position site) {
        if (!(value instanceof Value.Local) || !body.straightLine()) {
            return null;
        }
        return isChainCall(hop, function, site) ? body.callAt(site).map(BodyCall::end).orElse(null) : null;
    }

    /**
     * The chain index of {@code call} when it is the call the chain makes from {@code function} as its edge
     * {@code hop}, else -1. The chain's own call goes where the chain goes: what the other functions bound at that
     * site would store happens only on runs that leave the chain ({@code vfs_lock_file()} calling
     * {@code ceph_lock()}, not the chain's {@code nfs_lock()}), and the same holds for the chain's calls inside it.
     */
    private int chainCallAt(int hop, FunctionId function, BodyCall call) {
        return isChainCall(hop, function, call.site()) && callsThere(chain.get(hop)) ? hop : -1;
    }

    /** Whether the chain's edge {@code hop} is the call {@code function} makes at {@code site}. */
    private boolean isChainCall(int hop, FunctionId function, Position site) {
        return hop >= 0 && hop < chain.size() && chain.get(hop).caller().equals(function)
                && chain.get(hop).site().equals(site);
    }

    /**
     * Whether the edge's callee is what its call site itself calls (not a callback the site passes, nor a function a
     * modelled callee calls), so that the call's stores are that callee's.
     */
    private static boolean callsThere(CallEdge edge) {
        return edge.kind() == EdgeKind.DIRECT || edge.kind() == EdgeKind.FIELD
                || edge.kind() == EdgeKind.FIELD_NAME_ONLY;
    }

    /** A value stored into a parameter path, in the terms of the function the store is in ({@code where}). */
    record Stored(Value value, Position site, FunctionId where) {
    }

    /**
     * A call's stores into {@code value}, searched to the full trace-depth: see {@link #storedThrough};
     * {@code chainFromHere}: for a call the chain makes, the chain from that call on (the callees it is taken to
     * make), else empty.
     */
    record StoredKey(FunctionId function, Position site, Value value, List<CallEdge> chainFromHere) {
    }

    /**
     * A kept answer ({@link #storedBy}, {@link #storedThrough}) and what computing it read: a check that takes it
     * over counts those reads as its own.
     */
    record Kept(List<Stored> stores, Reads reads) {
    }

    /** {@link #storedBy}'s answer for a callee off the chain: it depends on nothing else. */
    record StoredByKey(FunctionId callee, Value.Parameter target, int depth) {
    }

    /**
     * One search for stores: the callees being searched (a callee that calls itself again adds nothing new), those
     * searched already whose answer a cycle cut short (searched once per search, as their cycle's first function
     * gathers what they store), and the lowest place on the stack a cycle went back to below the current callee.
     */
    private static final class StoreWalk {
        final List<String> stack = new ArrayList<>();
        final Map<String, Integer> onStack = new java.util.HashMap<>();
        /** A callee searched already whose answer a cycle cut short: where on the stack, and which callee was there. */
        record Cut(int at, String by) {
        }

        final Map<String, Cut> cutShort = new java.util.HashMap<>();
        int low = Integer.MAX_VALUE;
    }

    /**
     * What {@code callee} stores into its parameter path {@code target}, itself or through the callees it passes
     * that parameter on to; values that are the callee's own parameters are returned as such. {@code hop}: the chain
     * index of the edge {@code callee} makes when the search follows the chain, else -1.
     * <p>
     * Off the chain the answer depends only on the callee, the path and the depth left, and is kept for every
     * search of every chain: unless a cycle of calls cut it short at a function still being searched, it is
     * the whole answer, the same whichever search, on whichever thread, first computed it.
     */
    private List<Stored> storedBy(FunctionId callee, Value.Parameter target, int depth, StoreWalk walk, int hop) {
        if (hop >= 0) {
            return storedByWalk(callee, target, depth, walk, hop, null);
        }
        StoredByKey memoKey = new StoredByKey(callee, target, depth);
        Kept known = storedByMemo.get(memoKey);
        if (known != null) {
            Reads.replay(known.reads());
            return known.stores();
        }
        boolean[] whole = new boolean[1];
        Reads.Recorded<List<Stored>> computed = Reads.record(
                () -> storedByWalk(callee, target, depth, walk, hop, whole));
        if (whole[0]) {
            storedByMemo.putIfAbsent(memoKey, new Kept(computed.value(), computed.reads()));
        }
        return computed.value();
    }

    /**
     * {@link #storedBy} itself; {@code whole}, when given, is set when the answer is whole (no cycle cut it short)
     * and so may be kept.
     */
    private List<Stored> storedByWalk(FunctionId callee, Value.Parameter target, int depth, StoreWalk walk, int hop,
            boolean[] whole) {
        Optional<FunctionBody> body = bodyOf(callee);
        if (body.isPresent() && depth <= 0) {
            // What the callee stores past this depth is not known: not "nothing".
            Position where = graph.definition(callee).map(f -> new Position(f.file(), f.line(), 1)).orElse(null);
            return List.of(new Stored(new Value.Unknown("the trace reached its depth (trace-depth) in "
                    + graph.display(callee)), where, callee));
        }
        if (body.isEmpty()) {
            return List.of();
        }
        String key = callee.qualified() + "|" + target + "|" + hop;
        Integer cycle = walk.onStack.get(key);
        StoreWalk.Cut cut = walk.cutShort.get(key);
        if (cycle == null && cut != null) {
            boolean same = cut.at() < walk.stack.size() && walk.stack.get(cut.at()).equals(cut.by());
            cycle = same ? cut.at() : 0;
        }
        if (cycle != null) {
            walk.low = Math.min(walk.low, cycle);
            return List.of();
        }
        int index = walk.stack.size();
        walk.stack.add(key);
        walk.onStack.put(key, index);
        int outer = walk.low;
        walk.low = Integer.MAX_VALUE;
        // A store reached along several calls is one store.
        Set<Stored> out = new java.util.LinkedHashSet<>();
        for (Store store : body.get().stores()) {
            if (store.target() instanceof Value.Parameter && store.target().isPrefixOf(target)) {
                out.add(new Stored(store.value().with(rest(store.target(), target)), store.site(), callee));
            }
        }
        for (BodyCall call : body.get().calls()) {
            out.addAll(storedThrough(callee, call, target, depth, walk, chainCallAt(hop, callee, call)));
        }
        int low = walk.low;
        walk.stack.remove(index);
        walk.onStack.remove(key);
        if (low >= index) {
            if (whole != null) {
                whole[0] = true;
            }
        } else {
            walk.cutShort.put(key, new StoreWalk.Cut(low, walk.stack.get(low)));
        }
        walk.low = Math.min(outer, low);
        return List.copyOf(out);
    }

    /**
     * What the direct callees of {@code call}, made in {@code caller}, store into {@code value} when the call passes
     * it (or an object it is a field of) as an argument; a callee's own parameters come back as {@code caller}'s
     * arguments. A callee the tracer cannot read (memset, a library call) may store anything: an unknown.
     */
    private List<Stored> storedThrough(FunctionId caller, BodyCall call, Value value, int depth,
            StoreWalk walk, int onChain) {
        Set<Stored> out = new java.util.LinkedHashSet<>();
        for (int j = 0; j < call.arguments().size(); j++) {
            Value argument = call.arguments().get(j);
            if (!argument.isPrefixOf(value)
                    || !(new Value.Parameter(j, List.of()).with(rest(argument, value)) instanceof Value.Parameter target)) {
                continue;
            }
            List<FunctionId> callees = onChain >= 0 ? List.of(chain.get(onChain).callee())
                    : graph.calleesAt(caller, call.site(), call.name() != null);
            if (call.name() == null && onChain < 0 && (callees.isEmpty() || callees.size() > callers)) {
                // A call through a pointer may store anything into what it is passed, unless the graph knows the
                // few functions it can be.
                out.add(new Stored(new Value.Unknown(argument.text() + " is passed to a call through a pointer "
                        + (callees.isEmpty() ? "the graph does not resolve" : "that can be " + callees.size()
                                + " functions (trace-callers)")), call.site(), caller));
                continue;
            }
            if (callees.stream().anyMatch(c -> bodyOf(c).isEmpty())
                    && (call.name() == null || callees.stream().noneMatch(c -> bodyOf(c).isPresent()))) {
                out.add(new Stored(new Value.Unknown(argument.text() + " is passed to "
                        + (call.name() != null ? call.name() + "()" : "a call through a pointer")
                        + ", which the tracer cannot read"), call.site(), caller));
                continue;
            }
            for (FunctionId callee : callees) {
                for (Stored stored : storedBy(callee, target, depth - 1, walk, onChain < 0 ? -1 : onChain + 1)) {
                    out.add(stored.value() instanceof Value.Parameter p && p.index() < call.arguments().size()
                            ? new Stored(call.arguments().get(p.index()).with(p.fields()), stored.site(), caller)
                            : stored);
                }
            }
        }
        return List.copyOf(out);
    }

    /** An unknown only because a callee may store into the object in a way the tracer cannot follow. */
    private Source modified(Position site, String why) {
        Source unknown = unknown(site, why);
        return new Source(null, unknown.site(), unknown.why(), unknown.trail(), null, true, null);
    }

    /**
     * What a direct call returns, then the result's fields: the callee's returns traced in the callee, its
     * parameters standing for this call's arguments; or, for a container's lookup, an element of that container.
     */
    private List<Source> returned(Value.Result result, FunctionBody body, FunctionId function, int hop, int depth) {
        Optional<BodyCall> call = body.callAt(result.site());
        if (call.isEmpty()) {
            return List.of(unknown(result.site(), "the result of " + result.function() + "(), a call the tracer "
                    + "could not read again"));
        }
        if (graph.allocates(result.function())) {
            // A new object: until the code stores into it (the stores and callees traced beside this), its fields
            // hold no function. The pointer itself may be NULL.
            return List.of(result.fields().isEmpty()
                    ? unknown(result.site(), "a new object from " + result.function() + "(), or NULL")
                    : constant(0, result.site()));
        }
        Optional<ContainerModel> container = graph.containerLookedUpBy(result.function());
        if (container.isPresent()) {
            int root = container.get().lookupRoot();
            Value rootValue = root < call.get().arguments().size() ? call.get().arguments().get(root) : Value.unknown();
            if (rootValue.fields().isEmpty()) {
                return List.of(unknown(result.site(), "an object looked up in a container whose root is not a "
                        + "struct field"));
            }
            String rootField = rootValue.fields().get(rootValue.fields().size() - 1);
            Source looked = unknown(result.site(), "an object looked up with " + result.function() + "() in "
                    + rootValue.text());
            return List.of(new Source(null, looked.site(), looked.why(), looked.trail(), null, false,
                    new Element(container.get(), rootField, result.fields(), result.site())));
        }
        List<Source> out = new ArrayList<>();
        for (FunctionId callee : graph.calleesAt(function, result.site(), true)) {
            Optional<FunctionBody> calleeBody = bodyOf(callee);
            if (calleeBody.isEmpty() || calleeBody.get().returns().isEmpty()) {
                continue;
            }
            frames.push(new Frame(function, hop, call.get()));
            try {
                for (dev.kreach.analyzer.facts.Return ret : calleeBody.get().returns()) {
                    out.addAll(resolve(ret.value().with(result.fields()), callee, RETURNED, depth - 1, ret.site()));
                }
            } finally {
                frames.pop();
            }
        }
        if (out.isEmpty()) {
            out.add(unknown(result.site(), "the result of " + result.function() + "(), which the tracer cannot "
                    + "read"));
        }
        return out;
    }

    /** A parameter's value: what the chain's caller passed, the entry point's registration, or every caller's. */
    private List<Source> fromCallers(Value.Parameter parameter, FunctionId function, int hop, int depth) {
        if (hop == RETURNED) {
            // Back in the caller whose call is being traced: its argument, in its own context.
            Frame frame = frames.pop();
            try {
                if (parameter.index() >= frame.call().arguments().size()) {
                    return List.of(unknown(frame.call().site(), "the call passes no argument " + (parameter.index()
                            + 1)));
                }
                Value argument = frame.call().arguments().get(parameter.index()).with(parameter.fields());
                return resolve(argument, frame.caller(), frame.hop(), depth - 1, frame.call().site());
            } finally {
                frames.push(frame);
            }
        }
        if (hop > 0) {
            CallEdge edge = chain.get(hop - 1);
            lowest = Math.min(lowest, hop - 1);
            return passed(edge, parameter, hop - 1, depth);
        }
        if (hop == 0) {
            usedEntry = true;
            return registered(parameter, function, depth);
        }
        List<CallEdge> incoming = new ArrayList<>(graph.callers(function));
        List<CallEdge> direct = incoming.stream().filter(e -> e.kind() == EdgeKind.DIRECT).toList();
        Position where = graph.definition(function).map(f -> new Position(f.file(), f.line(), 1)).orElse(null);
        if (direct.isEmpty() || direct.size() != incoming.size()) {
            return List.of(unknown(where, graph.display(function) + " is called through a pointer or not at all"));
        }
        if (direct.size() > callers) {
            return List.of(unknown(where, graph.display(function) + " has " + direct.size()
                    + " callers (trace-callers)"));
        }
        List<Source> out = new ArrayList<>();
        for (CallEdge edge : direct) {
            out.addAll(passed(edge, parameter, -1, depth));
        }
        return out;
    }

    /** What the call of {@code edge} passes for {@code parameter}, traced in the caller. */
    private List<Source> passed(CallEdge edge, Value.Parameter parameter, int hop, int depth) {
        if (edge.kind() != EdgeKind.DIRECT && edge.kind() != EdgeKind.FIELD
                && edge.kind() != EdgeKind.FIELD_NAME_ONLY) {
            return List.of(unknown(edge.site(), "the parameter comes through a " + edge.kind().label() + " edge"));
        }
        Optional<BodyCall> call = bodyOf(edge.caller()).flatMap(b -> b.callAt(edge.site()));
        if (call.isEmpty() || parameter.index() >= call.get().arguments().size()) {
            return List.of(unknown(edge.site(), "the call could not be read again"));
        }
        Value argument = call.get().arguments().get(parameter.index()).with(parameter.fields());
        return resolve(argument, edge.caller(), hop, depth - 1, edge.site());
    }

    /**
     * A work entry point's parameter is its work item, which the entry turns into the object holding it
     * ({@code container_of(work, struct ceph_connection, work.work)}): that object is the one whose member the
     * registration passed ({@code INIT_DELAYED_WORK(&con->work, ceph_con_workfn)}), traced in the registrar.
     */
    private List<Source> registered(Value.Parameter parameter, FunctionId entry, int depth) {
        List<Source> out = new ArrayList<>();
        Position where = graph.definition(entry).map(f -> new Position(f.file(), f.line(), 1)).orElse(null);
        for (Deferral deferral : graph.deferrals()) {
            if (!entry.equals(deferral.callback()) || deferral.registrar() == null) {
                continue;
            }
            Optional<BodyCall> call = deferral.workArgument() < 0 ? Optional.empty()
                    : bodyOf(deferral.registrar()).flatMap(b -> b.callAt(deferral.site()));
            if (parameter.index() != 0 || call.isEmpty()
                    || deferral.workArgument() >= call.get().arguments().size()) {
                out.add(unknown(deferral.site(), "the entry point's registration passes no work item the tracer "
                        + "follows"));
                continue;
            }
            Value item = call.get().arguments().get(deferral.workArgument());
            if (item instanceof Value.Unknown || item instanceof Value.Constant || item.fields().isEmpty()
                    || item.fields().size() > 2) {
                out.add(unknown(deferral.site(), "the work item is not a member of an object the tracer follows"));
                continue;
            }
            out.addAll(resolve(item.root().with(parameter.fields()), deferral.registrar(), -1, depth - 1,
                    deferral.site()));
        }
        if (out.isEmpty()) {
            out.add(unknown(where, "the entry point's caller passes it"));
        }
        return out;
    }

    /** A file-scope name: a function, or a table whose initializer (or a store in the file) gives the field. */
    private List<Source> global(Value.Global global, String file, int depth, Position site) {
        if (global.fields().isEmpty() && !graph.named(global.name()).isEmpty()) {
            return List.of(source(global.name(), site, null));
        }
        if (file == null) {
            return List.of(unknown(site, global.name() + " is defined where the tracer cannot look"));
        }
        List<Store> stores = new ArrayList<>();
        bodies.fileScope(file).ifPresent(b -> stores.addAll(b.stores()));
        List<Source> out = new ArrayList<>();
        boolean initialized = false;
        for (Store store : stores) {
            initialized |= store.target().root().equals(global.root());
            if (store.target().isPrefixOf(global)) {
                Value value = store.value().with(rest(store.target(), global));
                if (value instanceof Value.Global g) {
                    out.addAll(global(g, file, depth - 1, store.site()));
                } else {
                    out.add(resolveConstant(value, store.site()));
                }
            }
        }
        if (out.isEmpty() && initialized && !global.fields().isEmpty()) {
            // A file-scope initializer leaves the members it does not name zero: that field holds no function.
            out.add(constant(0, site));
        } else if (out.isEmpty()) {
            out.add(unknown(site, global.text() + " is not initialized in " + file));
        }
        return out;
    }

    private Source resolveConstant(Value value, Position site) {
        return value instanceof Value.Constant c ? constant(c.value(), site)
                : source(null, site, "a file-scope value the tracer does not follow");
    }

    private Optional<FunctionBody> bodyOf(FunctionId function) {
        return graph.definition(function).flatMap(f -> bodies.of(f.file(), function.name()));
    }

    /** The fields of {@code value} after those of its prefix {@code prefix}. */
    private static List<String> rest(Value prefix, Value value) {
        return value.fields().subList(prefix.fields().size(), value.fields().size());
    }

    private Source unknown(Position site, String why) {
        return source(null, site, why);
    }

    private Source source(String function, Position site, String why) {
        return new Source(function, site, why, passed(site), null, false, null);
    }

    private Source constant(long value, Position site) {
        return new Source(null, site, null, passed(site), value, false, null);
    }

    private List<Position> passed(Position site) {
        java.util.LinkedHashSet<Position> passed = new java.util.LinkedHashSet<>();
        for (Position p : trail) {
            if (p != null && !p.equals(site)) {
                passed.add(p);
            }
        }
        return List.copyOf(passed);
    }
}

package dev.kreach.rules.reach;

import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.EdgeRows;
import dev.kreach.analyzer.graph.FunctionId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Breadth-first search for call chains from a context's entry points that keeps each chain with the code it runs
 * for. A call through a <em>generic</em> interface — a struct field that functions of the rule pack's
 * {@code generic-components} or more components are bound to ({@code address_space_operations.invalidate_folio}, {@code proto_ops.release},
 * {@code inode_operations.mknod}) — dispatches on the object at hand, and the object a chain works on belongs to
 * the components the chain runs for: its entry point's, and those it entered through interfaces private to fewer
 * components ({@code ceph_connection_operations.dispatch} joins net/ceph and fs/ceph). So such a call goes on only to
 * functions of those components: btrfs's writeback reaches {@code folio_invalidate()} but not Ceph's
 * invalidate_folio, and the SMB receive thread's {@code sock_release()} does not reach every protocol's release.
 * Without this a whole-kernel graph joins every context to nearly everything.
 * <p>
 * A narrow interface, bound in fewer components, called from one the chain runs for and implemented by that
 * component too, is an interface between components: it may take the chain into another that calls the caller's
 * component's code (and so can hand it its functions), which the chain then runs for too
 * ({@code ceph_osd_request.r_callback}, called in net/ceph and bound in fs/ceph, net/ceph and rbd, both of which call
 * net/ceph; not NFS's {@code file_lock_operations.fl_release_private} into fs/ceph, which never calls fs/nfs). Called
 * from code whose component does not implement it (core code such as {@code blk_mq_dispatch_rq_list()}, a library
 * calling its users' ops), it goes only into the chain's own components, and never into a component the chain has
 * nothing to do with ({@code console.unblank} does not take the SMB receive thread into the tty drivers): core code
 * calls such an interface on whatever object it holds, and on a whole kernel a chain from a core-code entry point
 * would otherwise gather components without end. A field matched by name alone goes on only within the chain's
 * components: the binding it matched may have stored a function from anywhere.
 * <p>
 * The object an interface call dispatches on may also belong to a component the chain passed through since it last
 * ran in one of its own: one with a table of the interface's struct that never makes the call itself. Ceph's
 * messenger reaches {@code kmem_cache_destroy()}, which calls debugfs, which looks up and mounts debugfs's own
 * dentries and superblock: the {@code ->lookup}, {@code ->d_revalidate} and {@code ->kill_sb} that core code then
 * calls are debugfs's, not Ceph's. Such a call goes into no other component's functions; each state keeps that
 * trail of components, emptied when the chain comes back into one of its own.
 * <p>
 * One search serves the entry points of one component ({@link #search}); its states are (function, components,
 * trail) triples, and a function reached again with components or a trail that no earlier state of it covers is
 * searched again, so the set of functions a search reaches only grows when the graph gains a call. Entry points
 * start in name order, so a function is first reached by a shortest chain, ties going to the entry point first in
 * name order. The graph is
 * indexed once per rule into arrays; component sets are interned, so the usual revisit is an identity test.
 */
final class ChainSearch {
    /** Per edge: a plain call, a narrow interface, or a name-only match or generic interface. */
    private static final byte PLAIN = 0;
    private static final byte NARROW = 1;
    private static final byte CONFINED = 2;

    /** A set of components, one object per distinct set, compared by identity. */
    private static final class Family {
        final BitSet members;
        final Map<Integer, Family> widened = new HashMap<>();

        Family(BitSet members) {
            this.members = members;
        }
    }

    /**
     * Which forbidden subpaths a state's chain currently ends in the middle of: pairs (pattern, edges matched),
     * one object per distinct set. Almost every state has {@link #NONE}.
     */
    private static final class Progress {
        final int[] pairs;

        Progress(int[] pairs) {
            this.pairs = pairs;
        }

        /** Whether this progress constrains no more than {@code other}: each of its pairs is one of other's. */
        boolean within(Progress other) {
            for (int i = 0; i < pairs.length; i += 2) {
                boolean found = false;
                for (int j = 0; j < other.pairs.length; j += 2) {
                    if (other.pairs[j] == pairs[i] && other.pairs[j + 1] == pairs[i + 1]) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Progress NONE = new Progress(new int[0]);
    private static final BitSet EMPTY = new BitSet();

    /** Subpaths no chain may contain (refuted hops with the edges their refutation rests on). */
    private final List<CallEdge[]> patterns = new ArrayList<>();
    /** The same subpaths as numbers ({@link #callId}), compared with a search's calls without making edges. */
    private final List<long[]> patternIds = new ArrayList<>();
    private final List<Boolean> anchored = new ArrayList<>();
    /** Per function index and edge slot: whether some pattern contains that edge (null row: none does). */
    private boolean[][] inPattern;
    private final Map<List<Integer>, Progress> progresses = new HashMap<>();

    private final EdgeRows rows;
    private final FunctionId[] functions;
    private final int[] component;
    private final int[][] targets;
    /** Per function, the row of each call the index keeps (its callees in {@link #rows} minus the masked ones). */
    private final int[][] slots;
    private final byte[][] dispatch;
    /**
     * Per function index and edge slot of an interface call: the components that implement that interface without
     * ever calling it (null for a plain call).
     */
    private final BitSet[][] implementers;
    /** Components that implement some interface without calling it: the ones a state's trail records. */
    private final BitSet anyImplementer = new BitSet();
    /** Per component: the components it calls directly, whose interfaces its own bound functions may be handed to. */
    private final Map<Integer, BitSet> callsInto = new HashMap<>();
    private final Map<BitSet, Family> families = new HashMap<>();
    /** Component names by the numbers {@link #component} holds. */
    private final List<String> componentNames = new ArrayList<>();
    private final Map<String, BitSet> implementing = new HashMap<>();
    private final Family emptyTrail = family(new BitSet());

    // One search's states: (function, family) pairs, each with the state it was reached from. A function is
    // searched again when it is reached with a family no earlier state of it contains, since a wider family can
    // only pass more interfaces: so gaining a call can never lose a function another route reached.
    private final int[] stamp;
    private final int[] firstState;
    private int[] stateFunction = new int[1024];
    private Family[] stateFamily = new Family[1024];
    private Family[] stateTrail = new Family[1024];
    private Progress[] stateProgress = new Progress[1024];
    private int[] stateParent = new int[1024];
    /** The kept call of the parent state's function that led to this state. */
    private int[] stateSlot = new int[1024];
    private int[] nextOfFunction = new int[1024];
    private int states;
    private int current;

    /**
     * Indexes {@code graph} without the edges {@code masked} rejects; an interface whose bindings span
     * {@code genericComponents} components or more is generic; {@code signature}, the graph's, says which components
     * each interface is bound in and implemented by, and what each component calls.
     */
    ChainSearch(CallGraph graph, Mask masked, int genericComponents, DispatchSignature signature) {
        rows = graph.rows();
        functions = new FunctionId[rows.size()];
        for (int i = 0; i < functions.length; i++) {
            functions[i] = rows.function(i);
        }
        Map<String, Integer> componentIds = new HashMap<>();
        java.util.function.Function<String, Integer> number = c -> componentIds.computeIfAbsent(c, k -> {
            componentNames.add(k);
            return componentIds.size();
        });
        component = new int[functions.length];
        String[] componentNames = graph.components();
        for (int i = 0; i < functions.length; i++) {
            String c = componentNames[i];
            component[i] = c == null ? -1 : number.apply(c);
        }
        // What each component calls, by number (the signature walked every call for it).
        signature.joins.forEach((from, into) -> {
            BitSet calls = new BitSet();
            into.forEach(c -> calls.set(number.apply(c)));
            callsInto.put(number.apply(from), calls);
        });
        implementers = new BitSet[functions.length][];
        targets = new int[functions.length][];
        slots = new int[functions.length][];
        dispatch = new byte[functions.length][];
        boolean[] stopped = new boolean[functions.length];
        for (int i = 0; i < functions.length; i++) {
            stopped[i] = masked.stops(functions[i]);
        }
        int[] kept = new int[16];
        for (int i = 0; i < functions.length; i++) {
            int degree = rows.degree(i);
            if (kept.length < degree) {
                kept = new int[Math.max(degree, kept.length * 2)];
            }
            int n = 0;
            if (degree > 0 && !masked.closes(functions[i])) {
                for (int k = 0; k < degree; k++) {
                    int to = rows.target(i, k);
                    if (!stopped[to] && !masked.masks(functions[i], functions[to], rows.kind(i, k))) {
                        kept[n++] = k;
                    }
                }
            }
            slots[i] = java.util.Arrays.copyOf(kept, n);
            targets[i] = new int[n];
            dispatch[i] = new byte[n];
            implementers[i] = new BitSet[n];
            for (int k = 0; k < n; k++) {
                int slot = slots[i][k];
                EdgeKind kind = rows.kind(i, slot);
                targets[i][k] = rows.target(i, slot);
                String iface = dev.kreach.rules.refine.ChainCheck.interfaceOf(kind, rows.via(i, slot));
                if (kind == EdgeKind.FIELD_NAME_ONLY) {
                    dispatch[i][k] = CONFINED;
                } else if (iface == null) {
                    dispatch[i][k] = PLAIN;
                } else {
                    // A narrow interface may join another component only where the caller's own component
                    // implements it too: it is then an interface between the two (net/ceph and fs/ceph both bind
                    // ceph_connection_operations), not one that core code calls on whatever object it holds.
                    java.util.Set<String> bound = signature.bound(iface);
                    String callerComponent = componentNames[i];
                    dispatch[i][k] = bound.size() >= genericComponents || callerComponent == null
                            || !bound.contains(callerComponent) ? CONFINED : NARROW;
                    implementers[i][k] = implementing.computeIfAbsent(iface, f -> {
                        BitSet only = new BitSet();
                        signature.implementers(f).forEach(c -> only.set(number.apply(c)));
                        anyImplementer.or(only);
                        return only;
                    });
                }
            }
        }
        stamp = new int[functions.length];
        firstState = new int[functions.length];
        inPattern = new boolean[functions.length][];
    }

    /**
     * Which calls a search does not follow. Asked once per function for what holds of all its calls, and per call
     * only for what is left: a whole kernel has millions of calls and a few hundred thousand functions.
     */
    interface Mask {
        /** No call out of {@code caller} is followed (a sink, a deferred-put helper, a function that only reports). */
        boolean closes(FunctionId caller);

        /** No call into {@code callee} is followed (it never returns, or the rule's context cannot run it). */
        boolean stops(FunctionId callee);

        /** This call is not followed, neither of its ends being closed or stopped. */
        boolean masks(FunctionId caller, FunctionId callee, EdgeKind kind);
    }

    /** Function {@code at}'s kept call {@code k} as an edge. */
    private CallEdge edge(int at, int k) {
        return rows.edge(at, slots[at][k]);
    }

    /** Function {@code at}'s kept call that is {@code edge}, or -1: compared cheaply before the edge is made. */
    private int slotOf(int at, CallEdge edge) {
        int callee = rows.index(edge.callee());
        for (int k = 0; k < slots[at].length; k++) {
            if (targets[at][k] == callee && rows.kind(at, slots[at][k]) == edge.kind() && edge(at, k).equals(edge)) {
                return k;
            }
        }
        return -1;
    }

    /** One number per kept call of the index: its function and slot; -1 for a call the index does not follow. */
    private long callId(CallEdge edge) {
        int at = rows.index(edge.caller());
        int k = at < 0 ? -1 : slotOf(at, edge);
        return k < 0 ? -1 : ((long) at << 32) | k;
    }

    /**
     * Forbids chains that contain {@code subpath} (edges in a row); with {@code fromEntry}, only chains that start
     * with it. Holds for every later search of this index. False when it was forbidden already.
     */
    boolean forbid(List<CallEdge> subpath, boolean fromEntry) {
        CallEdge[] edges = subpath.toArray(new CallEdge[0]);
        for (int p = 0; p < patterns.size(); p++) {
            if (java.util.Arrays.equals(patterns.get(p), edges) && anchored.get(p) == fromEntry) {
                return false;
            }
        }
        patterns.add(edges);
        anchored.add(fromEntry);
        long[] ids = new long[edges.length];
        for (int e = 0; e < edges.length; e++) {
            ids[e] = callId(edges[e]);
            if (ids[e] >= 0) {
                int at = (int) (ids[e] >>> 32);
                if (inPattern[at] == null) {
                    inPattern[at] = new boolean[slots[at].length];
                }
                inPattern[at][(int) ids[e]] = true;
            }
        }
        patternIds.add(ids);
        return true;
    }

    /**
     * The progress after taking edge {@code k} of function {@code at} from a state with {@code from}, or null when
     * the edge completes a forbidden subpath. {@code initial}: the state is an entry point's own.
     */
    private Progress step(Progress from, int at, int k, boolean initial) {
        boolean marked = inPattern[at] != null && inPattern[at][k];
        if (!marked) {
            return NONE;
        }
        long edge = ((long) at << 32) | k;
        List<Integer> next = new ArrayList<>();
        for (int i = 0; i < from.pairs.length; i += 2) {
            long[] pattern = patternIds.get(from.pairs[i]);
            int matched = from.pairs[i + 1];
            if (pattern[matched] == edge) {
                if (matched + 1 == pattern.length) {
                    return null;
                }
                next.add(from.pairs[i]);
                next.add(matched + 1);
            }
        }
        for (int p = 0; p < patternIds.size(); p++) {
            if ((!anchored.get(p) || initial) && patternIds.get(p)[0] == edge) {
                if (patternIds.get(p).length == 1) {
                    return null;
                }
                next.add(p);
                next.add(1);
            }
        }
        if (next.isEmpty()) {
            return NONE;
        }
        return progresses.computeIfAbsent(next, n -> new Progress(n.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Searches from {@code entries} (in this order); {@link #chainEndingWith} then answers for this search. */
    void search(List<FunctionId> entries) {
        current++;
        states = 0;
        for (FunctionId entry : entries) {
            int i = rows.index(entry);
            if (i < 0 || stamp[i] == current) {
                continue;
            }
            BitSet start = new BitSet();
            if (component[i] >= 0) {
                start.set(component[i]);
            }
            addState(i, family(start), emptyTrail, NONE, -1, -1);
        }
        // The states array is the queue: breadth-first, so a function's first state has a shortest chain.
        for (int head = 0; head < states; head++) {
            int at = stateFunction[head];
            Family from = stateFamily[head];
            Family trail = stateTrail[head];
            Progress progress = stateProgress[head];
            boolean initial = stateParent[head] < 0;
            int[] out = targets[at];
            for (int k = 0; k < out.length; k++) {
                int to = out[k];
                Family next = from;
                int c = component[to];
                byte how = dispatch[at][k];
                if (how != PLAIN && c >= 0 && !from.members.get(c)) {
                    // A narrow interface called from a component the chain runs for may take it into another, one
                    // that hands its functions to the caller's component: it calls that component's code.
                    boolean joined = how != CONFINED && component[at] >= 0 && from.members.get(component[at])
                            && callsInto.getOrDefault(c, EMPTY).get(component[at]);
                    if (!joined) {
                        continue;
                    }
                    next = with(from, c);
                }
                if (how != PLAIN && ownedElsewhere(trail, implementers[at][k], c)) {
                    continue;
                }
                Progress after = patterns.isEmpty() ? NONE : step(progress, at, k, initial);
                if (after == null) {
                    continue;
                }
                Family trailAfter = trailAfter(trail, next, c);
                if (!covered(to, next, trailAfter, after)) {
                    addState(to, next, trailAfter, after, head, k);
                }
            }
        }
    }

    /**
     * Whether the object an interface call dispatches on belongs to a component the chain passed through on its way
     * from its own components, one that implements the interface and never calls it, rather than to the target's
     * component {@code target}: debugfs's directory, looked up by {@code debugfs_lookup()} on behalf of code that a
     * Ceph chain called, is debugfs's, and its {@code ->lookup} is not Ceph's. {@code implementers}: null for a call
     * matched by field name alone.
     */
    private static boolean ownedElsewhere(Family trail, BitSet implementers, int target) {
        if (implementers == null) {
            // A call matched by field name alone names no interface: no component implements it.
            return false;
        }
        BitSet passed = trail.members;
        for (int c = passed.nextSetBit(0); c >= 0; c = passed.nextSetBit(c + 1)) {
            if (c != target && implementers.get(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The trail after stepping into component {@code c}: emptied on coming back into one of the chain's own
     * components, widened by a component that implements some interface it never calls.
     */
    private Family trailAfter(Family trail, Family family, int c) {
        if (c < 0) {
            return trail;
        }
        if (family.members.get(c)) {
            return emptyTrail;
        }
        if (!anyImplementer.get(c) || trail.members.get(c)) {
            return trail;
        }
        return with(trail, c);
    }

    /**
     * Whether {@code function} already has a state whose family contains every member of {@code family}, whose trail
     * has no member {@code trail} lacks, and whose progress into forbidden subpaths constrains no more than
     * {@code progress}: such a state passes every call this one would.
     */
    private boolean covered(int function, Family family, Family trail, Progress progress) {
        if (stamp[function] != current) {
            return false;
        }
        // Families and progresses are interned, so the usual case (reached again the same way) is an identity test.
        for (int s = firstState[function]; s >= 0; s = nextOfFunction[s]) {
            if (stateFamily[s] == family && stateTrail[s] == trail && stateProgress[s] == progress) {
                return true;
            }
        }
        for (int s = firstState[function]; s >= 0; s = nextOfFunction[s]) {
            if (contains(stateFamily[s], family) && contains(trail, stateTrail[s])
                    && stateProgress[s].within(progress)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every member of {@code small} is one of {@code big}; families have few members. */
    private static boolean contains(Family big, Family small) {
        BitSet members = small.members;
        for (int c = members.nextSetBit(0); c >= 0; c = members.nextSetBit(c + 1)) {
            if (!big.members.get(c)) {
                return false;
            }
        }
        return true;
    }

    private void addState(int function, Family family, Family trail, Progress progress, int parent, int slot) {
        if (states == stateFunction.length) {
            int size = states * 2;
            stateFunction = java.util.Arrays.copyOf(stateFunction, size);
            stateFamily = java.util.Arrays.copyOf(stateFamily, size);
            stateTrail = java.util.Arrays.copyOf(stateTrail, size);
            stateProgress = java.util.Arrays.copyOf(stateProgress, size);
            stateParent = java.util.Arrays.copyOf(stateParent, size);
            stateSlot = java.util.Arrays.copyOf(stateSlot, size);
            nextOfFunction = java.util.Arrays.copyOf(nextOfFunction, size);
        }
        int s = states++;
        stateFunction[s] = function;
        stateFamily[s] = family;
        stateTrail[s] = trail;
        stateProgress[s] = progress;
        stateParent[s] = parent;
        stateSlot[s] = slot;
        if (stamp[function] != current) {
            stamp[function] = current;
            firstState[function] = s;
            nextOfFunction[s] = -1;
        } else {
            // Appended last: the first state stays the one with the shortest chain.
            int last = firstState[function];
            while (nextOfFunction[last] >= 0) {
                last = nextOfFunction[last];
            }
            nextOfFunction[last] = s;
            nextOfFunction[s] = -1;
        }
    }

    /**
     * The shortest chain (edges, entry point first) in the last search that ends with the call {@code last} made
     * by a reached function, or null: the first state of its caller from which that call completes no forbidden
     * subpath.
     */
    List<CallEdge> chainEndingWith(CallEdge last) {
        int i = rows.index(last.caller());
        if (i < 0 || stamp[i] != current) {
            return null;
        }
        int slot = patterns.isEmpty() ? -1 : slotOf(i, last);
        for (int s = firstState[i]; s >= 0; s = nextOfFunction[s]) {
            if (patterns.isEmpty() || slot < 0 || step(stateProgress[s], i, slot, stateParent[s] < 0) != null) {
                List<CallEdge> chain = new ArrayList<>();
                for (int t = s; stateParent[t] >= 0; t = stateParent[t]) {
                    chain.add(edge(stateFunction[stateParent[t]], stateSlot[t]));
                }
                Collections.reverse(chain);
                chain.add(last);
                return chain;
            }
        }
        return null;
    }

    /**
     * The functions the last search reached, as {@link #hash} numbers, sorted: whether a later graph can change its
     * answer depends on nothing else but these functions' calls and the interfaces' dispatch ({@link #dispatch}).
     */
    long[] reached() {
        long[] out = new long[states];
        int n = 0;
        for (int s = 0; s < states; s++) {
            if (firstState[stateFunction[s]] == s) {
                out[n++] = hash(functions[stateFunction[s]]);
            }
        }
        out = java.util.Arrays.copyOf(out, n);
        java.util.Arrays.sort(out);
        return out;
    }

    /**
     * A number for a function that is the same in every run and every graph (FNV-1a over its name and file): two
     * functions may share one, which only ever makes a search look changed when it is not.
     */
    static long hash(FunctionId f) {
        long h = 0xcbf29ce484222325L;
        String text = f.file() == null ? f.name() : f.name() + '\0' + f.file();
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * The functions with a followed call through one of {@code ifaces}, or through any interface into a function
     * of one of {@code components}: those whose searches pass differently when these interfaces' dispatch, or what
     * these components call, changed.
     */
    java.util.Set<FunctionId> passingThrough(java.util.Set<String> ifaces, java.util.Set<String> components) {
        java.util.Set<FunctionId> out = new java.util.HashSet<>();
        for (int i = 0; i < functions.length; i++) {
            for (int k = 0; k < targets[i].length; k++) {
                if (dispatch[i][k] == PLAIN) {
                    continue;
                }
                int to = component[targets[i][k]];
                String iface = dev.kreach.rules.refine.ChainCheck.interfaceOf(rows.kind(i, slots[i][k]),
                        rows.via(i, slots[i][k]));
                if ((iface != null && ifaces.contains(iface)) || (to >= 0 && components.contains(componentNames.get(to)))) {
                    out.add(functions[i]);
                    break;
                }
            }
        }
        return out;
    }

    /** The entry point a chain starts from. */
    static FunctionId entryOf(List<CallEdge> chain) {
        return chain.get(0).caller();
    }

    private Family family(BitSet members) {
        return families.computeIfAbsent(members, Family::new);
    }

    /** {@code set} with component {@code c} added, interned; remembered per set so a revisit costs one lookup. */
    private Family with(Family set, int c) {
        return set.widened.computeIfAbsent(c, added -> {
            BitSet more = (BitSet) set.members.clone();
            more.set(added);
            return family(more);
        });
    }

    /** The components that have functions bound to the interface {@code struct.field}. */
}

package dev.kreach.rules.reach;

import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.Component;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Breadth-first search for call chains from a context's entry points that keeps each chain with the code it runs
 * for. A call through a <em>generic</em> interface — a struct field that functions of {@value #GENERIC_COMPONENTS}
 * or more components are bound to ({@code address_space_operations.invalidate_folio}, {@code proto_ops.release},
 * {@code inode_operations.mknod}) — dispatches on the object at hand, and the object a chain works on belongs to
 * the components the chain runs for: its entry point's, and those it entered through interfaces private to fewer
 * components ({@code ceph_connection_operations.dispatch} joins net/ceph and fs/ceph). So such a call goes on only to
 * functions of those components: btrfs's writeback reaches {@code folio_invalidate()} but not Ceph's
 * invalidate_folio, and the SMB receive thread's {@code sock_release()} does not reach every protocol's release.
 * Without this a whole-kernel graph joins every context to nearly everything.
 * <p>
 * A narrow interface, bound in fewer components, called from one the chain runs for and implemented by that
 * component too, is an interface between components: it may take the chain into another, which the chain then runs
 * for too ({@code ceph_osd_request.r_callback}, called in net/ceph and bound in fs/ceph, net/ceph and rbd). Called
 * from code whose component does not implement it (core code such as {@code blk_mq_dispatch_rq_list()}, a library
 * calling its users' ops), it goes only into the chain's own components, and never into a component the chain has
 * nothing to do with ({@code console.unblank} does not take the SMB receive thread into the tty drivers): core code
 * calls such an interface on whatever object it holds, and on a whole kernel a chain from a core-code entry point
 * would otherwise gather components without end. A field matched by name alone goes on only within the chain's
 * components: the binding it matched may have stored a function from anywhere.
 * <p>
 * One search serves the entry points of one component ({@link #search}); its states are (function, components)
 * pairs, and a function reached again with components that no earlier state of it has is searched again, so the
 * set of functions a search reaches only grows when the graph gains a call. Entry points start in name order, so a
 * function is first reached by a shortest chain, ties going to the entry point first in name order. The graph is
 * indexed once per rule into arrays; component sets are interned, so the usual revisit is an identity test.
 */
final class ChainSearch {
    /** An interface whose bindings span this many components or more is generic. */
    static final int GENERIC_COMPONENTS = 5;

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

    private final FunctionId[] functions;
    private final Map<FunctionId, Integer> index = new HashMap<>();
    private final int[] component;
    private final int[][] targets;
    private final CallEdge[][] edges;
    private final byte[][] dispatch;
    private final Map<BitSet, Family> families = new HashMap<>();

    // One search's states: (function, family) pairs, each with the state it was reached from. A function is
    // searched again when it is reached with a family no earlier state of it contains, since a wider family can
    // only pass more interfaces: so gaining a call can never lose a function another route reached.
    private final int[] stamp;
    private final int[] firstState;
    private int[] stateFunction = new int[1024];
    private Family[] stateFamily = new Family[1024];
    private int[] stateParent = new int[1024];
    private CallEdge[] stateEdge = new CallEdge[1024];
    private int[] nextOfFunction = new int[1024];
    private int states;
    private int current;

    /** Indexes {@code graph} without the edges {@code masked} rejects. */
    ChainSearch(CallGraph graph, Predicate<CallEdge> masked) {
        List<FunctionId> all = new ArrayList<>(graph.graph().vertexSet());
        functions = all.toArray(new FunctionId[0]);
        for (int i = 0; i < functions.length; i++) {
            index.put(functions[i], i);
        }
        Map<String, Integer> componentIds = new HashMap<>();
        component = new int[functions.length];
        for (int i = 0; i < functions.length; i++) {
            String c = graph.definition(functions[i]).map(d -> Component.of(d.file())).orElse(null);
            component[i] = c == null ? -1 : componentIds.computeIfAbsent(c, k -> componentIds.size());
        }
        Map<String, java.util.Set<String>> binders = new HashMap<>();
        targets = new int[functions.length][];
        edges = new CallEdge[functions.length][];
        dispatch = new byte[functions.length][];
        for (int i = 0; i < functions.length; i++) {
            List<CallEdge> kept = new ArrayList<>();
            for (CallEdge e : graph.graph().outgoingEdgesOf(functions[i])) {
                if (!masked.test(e)) {
                    kept.add(e);
                }
            }
            targets[i] = new int[kept.size()];
            edges[i] = kept.toArray(new CallEdge[0]);
            dispatch[i] = new byte[kept.size()];
            for (int k = 0; k < kept.size(); k++) {
                CallEdge e = kept.get(k);
                targets[i][k] = index.get(e.callee());
                String iface = interfaceOf(e);
                if (e.kind() == EdgeKind.FIELD_NAME_ONLY) {
                    dispatch[i][k] = CONFINED;
                } else if (iface == null) {
                    dispatch[i][k] = PLAIN;
                } else {
                    // A narrow interface may join another component only where the caller's own component
                    // implements it too: it is then an interface between the two (net/ceph and fs/ceph both bind
                    // ceph_connection_operations), not one that core code calls on whatever object it holds.
                    java.util.Set<String> bound = binders.computeIfAbsent(iface, f -> boundComponents(graph, f));
                    String callerComponent = graph.definition(functions[i]).map(d -> Component.of(d.file()))
                            .orElse(null);
                    dispatch[i][k] = bound.size() >= GENERIC_COMPONENTS || !bound.contains(callerComponent)
                            ? CONFINED : NARROW;
                }
            }
        }
        stamp = new int[functions.length];
        firstState = new int[functions.length];
    }

    /** Searches from {@code entries} (in this order); {@link #chainTo} then answers for this search. */
    void search(List<FunctionId> entries) {
        current++;
        states = 0;
        for (FunctionId entry : entries) {
            Integer i = index.get(entry);
            if (i == null || stamp[i] == current) {
                continue;
            }
            BitSet start = new BitSet();
            if (component[i] >= 0) {
                start.set(component[i]);
            }
            addState(i, family(start), -1, null);
        }
        // The states array is the queue: breadth-first, so a function's first state has a shortest chain.
        for (int head = 0; head < states; head++) {
            int at = stateFunction[head];
            Family from = stateFamily[head];
            int[] out = targets[at];
            for (int k = 0; k < out.length; k++) {
                int to = out[k];
                Family next = from;
                int c = component[to];
                byte how = dispatch[at][k];
                if (how != PLAIN && c >= 0 && !from.members.get(c)) {
                    // A narrow interface called from a component the chain runs for may take it into another.
                    boolean joined = how != CONFINED && component[at] >= 0 && from.members.get(component[at]);
                    if (!joined) {
                        continue;
                    }
                    next = from.widened.computeIfAbsent(c, added -> {
                        BitSet more = (BitSet) from.members.clone();
                        more.set(added);
                        return family(more);
                    });
                }
                if (!covered(to, next)) {
                    addState(to, next, head, edges[at][k]);
                }
            }
        }
    }

    /** Whether {@code function} already has a state whose family contains every member of {@code family}. */
    private boolean covered(int function, Family family) {
        if (stamp[function] != current) {
            return false;
        }
        // Families are interned, so the usual case (reached again with the same family) is an identity test.
        for (int s = firstState[function]; s >= 0; s = nextOfFunction[s]) {
            if (stateFamily[s] == family) {
                return true;
            }
        }
        for (int s = firstState[function]; s >= 0; s = nextOfFunction[s]) {
            if (contains(stateFamily[s], family)) {
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

    private void addState(int function, Family family, int parent, CallEdge edge) {
        if (states == stateFunction.length) {
            int size = states * 2;
            stateFunction = java.util.Arrays.copyOf(stateFunction, size);
            stateFamily = java.util.Arrays.copyOf(stateFamily, size);
            stateParent = java.util.Arrays.copyOf(stateParent, size);
            stateEdge = java.util.Arrays.copyOf(stateEdge, size);
            nextOfFunction = java.util.Arrays.copyOf(nextOfFunction, size);
        }
        int s = states++;
        stateFunction[s] = function;
        stateFamily[s] = family;
        stateParent[s] = parent;
        stateEdge[s] = edge;
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

    /** The shortest chain (edges, entry point first) to {@code function} in the last search, or null. */
    List<CallEdge> chainTo(FunctionId function) {
        Integer i = index.get(function);
        if (i == null || stamp[i] != current) {
            return null;
        }
        List<CallEdge> chain = new ArrayList<>();
        for (int s = firstState[i]; stateParent[s] >= 0; s = stateParent[s]) {
            chain.add(stateEdge[s]);
        }
        Collections.reverse(chain);
        return chain;
    }

    /** The entry point whose chain reached {@code function} in the last search. */
    FunctionId entryOf(FunctionId function) {
        int s = firstState[index.get(function)];
        while (stateParent[s] >= 0) {
            s = stateParent[s];
        }
        return functions[stateFunction[s]];
    }

    private Family family(BitSet members) {
        return families.computeIfAbsent(members, Family::new);
    }

    /** The components that have functions bound to the interface {@code struct.field}. */
    private static java.util.Set<String> boundComponents(CallGraph graph, String iface) {
        int dot = iface.lastIndexOf('.');
        java.util.Set<String> bound = new java.util.HashSet<>();
        for (FunctionId f : graph.boundTo(iface.substring(0, dot), iface.substring(dot + 1))) {
            graph.definition(f).ifPresent(d -> bound.add(Component.of(d.file())));
        }
        return bound;
    }

    /** The struct field an indirect edge dispatches through ("struct.field"), or null for other edges. */
    private static String interfaceOf(CallEdge edge) {
        if (edge.via() == null) {
            return null;
        }
        if (edge.kind() == EdgeKind.FIELD) {
            return edge.via();
        }
        if (edge.kind() == EdgeKind.MODEL && edge.via().endsWith(" (model)")) {
            return edge.via().substring(0, edge.via().length() - " (model)".length());
        }
        return null;
    }
}

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
 * A narrow interface, bound in fewer components and called from one the chain runs for, may take the chain into
 * another component, which it then runs for too ({@code ceph_osd_request.r_callback}, called in net/ceph and bound
 * in fs/ceph, net/ceph and rbd); called from anywhere else (core code the chain reached by direct calls), it goes
 * only into the chain's own components
 * (and then runs for both), but not into a component it has nothing to do with ({@code console.unblank} does not
 * take the SMB receive thread into the tty drivers). A field matched by name alone goes on only within the chain's
 * components: the binding it matched may have stored a function from anywhere.
 * <p>
 * One search serves the entry points of one component ({@link #search}); a search carries, per function, the
 * components of the chain that reached it first. Entry points start in name order, so a function is first reached
 * by a shortest chain, ties going to the entry point first in name order. The graph is indexed once per rule into
 * arrays, so each of the hundred-odd searches of a whole kernel's writeback allocates nothing per step.
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

    // One search's state, reset by stamp.
    private final int[] stamp;
    private final int[] parent;
    private final CallEdge[] parentEdge;
    private final Family[] family;
    private final int[] queue;
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
        Map<String, Byte> interfaces = new HashMap<>();
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
                    dispatch[i][k] = interfaces.computeIfAbsent(iface,
                            f -> boundComponents(graph, f) >= GENERIC_COMPONENTS ? CONFINED : NARROW);
                }
            }
        }
        stamp = new int[functions.length];
        parent = new int[functions.length];
        parentEdge = new CallEdge[functions.length];
        family = new Family[functions.length];
        queue = new int[functions.length];
    }

    /** Searches from {@code entries} (in this order); {@link #chainTo} then answers for this search. */
    void search(List<FunctionId> entries) {
        current++;
        int head = 0;
        int tail = 0;
        for (FunctionId entry : entries) {
            Integer i = index.get(entry);
            if (i == null || stamp[i] == current) {
                continue;
            }
            BitSet start = new BitSet();
            if (component[i] >= 0) {
                start.set(component[i]);
            }
            stamp[i] = current;
            parent[i] = -1;
            parentEdge[i] = null;
            family[i] = family(start);
            queue[tail++] = i;
        }
        while (head < tail) {
            int at = queue[head++];
            Family from = family[at];
            int[] out = targets[at];
            for (int k = 0; k < out.length; k++) {
                int to = out[k];
                if (stamp[to] == current) {
                    continue;
                }
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
                stamp[to] = current;
                parent[to] = at;
                parentEdge[to] = edges[at][k];
                family[to] = next;
                queue[tail++] = to;
            }
        }
    }

    /** The shortest chain (edges, entry point first) to {@code function} in the last search, or null. */
    List<CallEdge> chainTo(FunctionId function) {
        Integer i = index.get(function);
        if (i == null || stamp[i] != current) {
            return null;
        }
        List<CallEdge> chain = new ArrayList<>();
        for (int at = i; parent[at] >= 0; at = parent[at]) {
            chain.add(parentEdge[at]);
        }
        Collections.reverse(chain);
        return chain;
    }

    /** The entry point whose chain reached {@code function} in the last search. */
    FunctionId entryOf(FunctionId function) {
        int at = index.get(function);
        while (parent[at] >= 0) {
            at = parent[at];
        }
        return functions[at];
    }

    private Family family(BitSet members) {
        return families.computeIfAbsent(members, Family::new);
    }

    /** How many components have functions bound to the interface {@code struct.field}. */
    private static int boundComponents(CallGraph graph, String iface) {
        int dot = iface.lastIndexOf('.');
        java.util.Set<String> bound = new java.util.HashSet<>();
        for (FunctionId f : graph.boundTo(iface.substring(0, dot), iface.substring(dot + 1))) {
            graph.definition(f).ifPresent(d -> bound.add(Component.of(d.file())));
        }
        return bound.size();
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

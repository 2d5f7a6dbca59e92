package dev.kreach.rules.reach;

import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.Component;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.facts.FunctionFact;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Breadth-first search for call chains from a context's entry points that keeps each chain with the code it runs
 * for. A call through a <em>generic</em> interface — a struct field that functions of many components are bound to
 * ({@code address_space_operations.invalidate_folio}, {@code proto_ops.release}, {@code inode_operations.mknod}) —
 * dispatches on the object at hand, and the object a chain works on belongs to the components the chain runs for:
 * its entry point's, and those it entered through interfaces private to a few components
 * ({@code ceph_connection_operations.dispatch} joins net/ceph and fs/ceph). So such a call goes on only to functions
 * of those components: btrfs's writeback reaches {@code folio_invalidate()} but not Ceph's invalidate_folio, and the
 * SMB receive thread's {@code sock_release()} does not reach every protocol's release. Without this a whole-kernel
 * graph joins every context to nearly everything.
 * <p>
 * States are (function, components of the chain). Entry points start in name order, so a function is first reached
 * by a shortest chain, ties going to the entry point first in name order. A search serves the entry points of one
 * component (callers run one per component): otherwise a core function first reached from btrfs would be closed to
 * Ceph's chains. At most {@link #STATES_PER_FUNCTION} component sets are kept per function, which bounds the search
 * on a whole kernel at the price of chains that would need a later, wider set.
 */
final class ChainSearch {
    /** An interface whose bindings span this many components or more is generic. */
    static final int GENERIC_COMPONENTS = 3;
    static final int STATES_PER_FUNCTION = 4;

    private record State(FunctionId function, Set<String> components) {
    }

    private final CallGraph graph;
    private final Predicate<CallEdge> masked;
    private final Map<String, Integer> interfaceSpread = new HashMap<>();
    private final Map<State, CallEdge> via = new HashMap<>();
    private final Map<State, State> parent = new HashMap<>();
    private final Map<FunctionId, State> first = new HashMap<>();
    private final Map<FunctionId, Integer> states = new HashMap<>();

    ChainSearch(CallGraph graph, Predicate<CallEdge> masked) {
        this.graph = graph;
        this.masked = masked;
    }

    /** Searches from {@code entries} (in this order) over every edge {@code masked} does not reject. */
    void run(List<FunctionId> entries) {
        Deque<State> queue = new ArrayDeque<>();
        Set<State> seen = new HashSet<>();
        for (FunctionId entry : entries) {
            if (!graph.graph().containsVertex(entry) || first.containsKey(entry)) {
                continue;
            }
            String component = componentOf(entry);
            State start = new State(entry, Set.of(component == null ? "" : component));
            seen.add(start);
            first.put(entry, start);
            queue.add(start);
        }
        while (!queue.isEmpty()) {
            State at = queue.poll();
            for (CallEdge edge : graph.graph().outgoingEdgesOf(at.function())) {
                if (masked.test(edge)) {
                    continue;
                }
                Set<String> components = next(at.components(), edge);
                if (components == null) {
                    continue;
                }
                State to = new State(edge.callee(), components);
                if (!seen.contains(to) && states.merge(to.function(), 1, Integer::sum) <= STATES_PER_FUNCTION) {
                    seen.add(to);
                    via.put(to, edge);
                    parent.put(to, at);
                    first.putIfAbsent(to.function(), to);
                    queue.add(to);
                }
            }
        }
    }

    /** The components after taking {@code edge}, or null when the edge dispatches outside them. */
    private Set<String> next(Set<String> components, CallEdge edge) {
        String iface = interfaceOf(edge);
        if (iface == null) {
            return components;
        }
        String target = componentOf(edge.callee());
        if (target == null || components.contains(target)) {
            return components;
        }
        if (spread(iface) >= GENERIC_COMPONENTS) {
            return null;
        }
        Set<String> more = new TreeSet<>(components);
        more.add(target);
        return Collections.unmodifiableSet(more);
    }

    /** The shortest chain (edges, entry point first) to {@code function}, or null when it is not reached. */
    List<CallEdge> chainTo(FunctionId function) {
        State state = first.get(function);
        if (state == null) {
            return null;
        }
        List<CallEdge> edges = new ArrayList<>();
        for (State s = state; parent.containsKey(s); s = parent.get(s)) {
            edges.add(via.get(s));
        }
        Collections.reverse(edges);
        return edges;
    }

    /** The entry point whose chain first reached {@code function}. */
    FunctionId entryOf(FunctionId function) {
        return root(first.get(function));
    }

    private FunctionId root(State state) {
        State s = state;
        while (parent.containsKey(s)) {
            s = parent.get(s);
        }
        return s.function();
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

    /** How many components have functions bound to {@code iface}. */
    private int spread(String iface) {
        return interfaceSpread.computeIfAbsent(iface, i -> {
            int dot = i.lastIndexOf('.');
            Set<String> components = new HashSet<>();
            for (FunctionId bound : graph.boundTo(i.substring(0, dot), i.substring(dot + 1))) {
                String c = componentOf(bound);
                if (c != null) {
                    components.add(c);
                }
            }
            return components.size();
        });
    }

    /** The component of a function's definition; null for a function the scope does not define. */
    private String componentOf(FunctionId function) {
        FunctionFact definition = graph.definition(function).orElse(null);
        return definition == null ? null : Component.of(definition.file());
    }
}

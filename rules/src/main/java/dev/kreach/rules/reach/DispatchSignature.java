package dev.kreach.rules.reach;

import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.EdgeRows;
import dev.kreach.analyzer.graph.FunctionId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What decides how every search of a graph passes interfaces, beyond the calls themselves ({@link ChainSearch}): per
 * interface some call goes through, the components bound to it and those that implement it without calling it; per
 * component, the components it calls directly; and every component that implements an interface without calling
 * it. A later graph with the same signature passes each interface the same way, so a search that reached none of
 * the functions a patch changed can be taken over ({@link ReachMemo}). Made from the graph alone, once for every
 * rule, so that a rule whose searches are all taken over needs no index of its own: it covers the interfaces of
 * calls no rule follows too, which can only make a search look changed when it is not. Each rule's index takes its
 * interfaces' components from here too, so the two never disagree.
 */
final class DispatchSignature {
    final Map<String, String> dispatch;
    final Map<String, Set<String>> joins;
    final Set<String> owners;
    /** Per interface: the components of the functions bound to it. */
    private final Map<String, Set<String>> bound;
    /** Per interface: the components with a table of its struct that never make the call. */
    private final Map<String, Set<String>> implementers;

    private DispatchSignature(Map<String, Set<String>> joins, Map<String, Set<String>> bound,
            Map<String, Set<String>> implementers) {
        this.joins = joins;
        this.bound = bound;
        this.implementers = implementers;
        Map<String, String> text = new TreeMap<>();
        Set<String> owning = new TreeSet<>();
        bound.forEach((iface, components) -> {
            text.put(iface, String.join(",", components) + "|" + String.join(",", implementers.get(iface)));
            owning.addAll(implementers.get(iface));
        });
        this.dispatch = text;
        this.owners = owning;
    }

    /** The components bound to {@code iface}, an interface some call of the graph goes through. */
    Set<String> bound(String iface) {
        return bound.get(iface);
    }

    /**
     * The components that implement {@code iface} without calling it: a component with a table of the struct makes
     * objects that carry it, whichever fields the table fills and wherever its functions are defined (debugfs's
     * dentries carry debugfs_dops, which has no d_revalidate, and its inode_operations hold libfs's simple_lookup);
     * this takes in the components of the functions bound to this very field too.
     */
    Set<String> implementers(String iface) {
        return implementers.get(iface);
    }

    /** A rule's memo of a run over the graph this signature is of, empty but for the signature. */
    ReachMemo.Rule rule() {
        return new ReachMemo.Rule(dispatch, joins, owners);
    }

    static DispatchSignature of(CallGraph graph) {
        EdgeRows rows = graph.rows();
        String[] components = graph.components();
        Map<String, Set<String>> dispatchers = new HashMap<>();
        Map<String, Set<String>> joins = new TreeMap<>();
        Set<String> interfaces = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            String caller = components[i];
            String last = null;
            for (int k = 0; k < rows.degree(i); k++) {
                EdgeKind kind = rows.kind(i, k);
                String iface = dev.kreach.rules.refine.ChainCheck.interfaceOf(kind, rows.via(i, k));
                if (iface != null) {
                    // A function's calls through one interface come together (a field call with many targets).
                    if (!iface.equals(last)) {
                        last = iface;
                        interfaces.add(iface);
                        if (caller != null) {
                            dispatchers.computeIfAbsent(iface, f -> new HashSet<>()).add(caller);
                        }
                    }
                } else if (kind == EdgeKind.DIRECT && caller != null) {
                    String callee = components[rows.target(i, k)];
                    if (callee != null && !callee.equals(caller)) {
                        joins.computeIfAbsent(caller, c -> new TreeSet<>()).add(callee);
                    }
                }
            }
        }
        Map<String, Set<String>> bound = new TreeMap<>();
        Map<String, Set<String>> implementers = new HashMap<>();
        for (String iface : interfaces) {
            int dot = iface.lastIndexOf('.');
            Set<String> binding = new TreeSet<>();
            for (FunctionId f : graph.boundTo(iface.substring(0, dot), iface.substring(dot + 1))) {
                String c = graph.component(f);
                if (c != null) {
                    binding.add(c);
                }
            }
            bound.put(iface, binding);
            Set<String> only = new TreeSet<>(graph.componentsBinding(iface.substring(0, dot)));
            only.removeAll(dispatchers.getOrDefault(iface, Set.of()));
            implementers.put(iface, only);
        }
        return new DispatchSignature(joins, bound, implementers);
    }
}

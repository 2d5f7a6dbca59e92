package dev.kreach.cli;

import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Graphviz DOT for a set of edges: one node per function, labelled with its name and file; edges styled by kind
 * (solid direct, dashed blue ops field, dotted grey field-name-only, dashed green callback, bold purple model).
 * Nodes and edges are written in a sorted order so the same graph gives the same bytes.
 */
final class DotWriter {
    private DotWriter() {
    }

    static String write(CallGraph graph, Collection<CallEdge> edges, Collection<FunctionId> highlighted) {
        Set<FunctionId> nodes = new TreeSet<>(highlighted);
        for (CallEdge edge : edges) {
            nodes.add(edge.caller());
            nodes.add(edge.callee());
        }
        StringBuilder out = new StringBuilder();
        out.append("digraph kreach {\n");
        out.append("  rankdir=LR;\n");
        out.append("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        out.append("  edge [fontname=\"monospace\", fontsize=8];\n");
        for (FunctionId node : nodes) {
            String file = graph.definition(node).map(f -> f.file() + ":" + f.line()).orElse("(not in scope)");
            out.append("  ").append(quote(node.qualified())).append(" [label=")
                    .append(quote(node.name() + "\n" + file));
            if (highlighted.contains(node)) {
                out.append(", style=filled, fillcolor=\"#ffe9a8\"");
            } else if (graph.definition(node).isEmpty()) {
                out.append(", style=dashed");
            }
            out.append("];\n");
        }
        Set<CallEdge> seen = new LinkedHashSet<>(edges);
        for (CallEdge edge : seen) {
            out.append("  ").append(quote(edge.caller().qualified())).append(" -> ")
                    .append(quote(edge.callee().qualified())).append(" [").append(style(edge.kind()))
                    .append(", label=").append(quote(label(edge))).append("];\n");
        }
        out.append("}\n");
        return out.toString();
    }

    private static String label(CallEdge edge) {
        String where = edge.site().file().substring(edge.site().file().lastIndexOf('/') + 1) + ":" + edge.site().line();
        return edge.via() == null ? where : edge.via() + "\n" + where;
    }

    static String style(EdgeKind kind) {
        return switch (kind) {
            case DIRECT -> "style=solid";
            case FIELD -> "style=dashed, color=\"#1f5fbf\"";
            case FIELD_NAME_ONLY -> "style=dotted, color=\"#777777\"";
            case CALLBACK, CALLBACK_ARGUMENT -> "style=dashed, color=\"#2a8a2a\"";
            case MODEL -> "style=bold, color=\"#7a3fb0\"";
        };
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}

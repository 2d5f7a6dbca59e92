package dev.kreach.cli;

import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.rules.RuleMetadata;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.Hop;
import dev.kreach.rules.refine.HopCertainty;
import java.util.List;

/**
 * One finding's chain as Graphviz DOT, entry point at the top and the sink call at the bottom: one box per function
 * (its name and where it is defined), one arrow per call (where it is made, and for an indirect call the interface
 * and whether the tracer verified it), styled by kind as {@link DotWriter} styles them. The headline, the entry
 * point's context and the configuration the chain needs are the graph's title. Labels stay short so that
 * {@code dot -Tsvg} gives a picture readable at its natural size; the hop evidence is in the text and SARIF reports.
 */
final class FindingDot {
    private FindingDot() {
    }

    static String write(CallGraph graph, RuleMetadata rule, Finding f) {
        StringBuilder out = new StringBuilder();
        out.append("digraph finding {\n");
        out.append("  rankdir=TB;\n");
        out.append("  labelloc=t;\n");
        out.append("  fontname=\"monospace\";\n");
        out.append("  fontsize=11;\n");
        out.append("  label=").append(DotWriter.quote(FindingsText.headline(rule, f) + "\n" + "entry point: "
                + graph.display(f.entry()) + ", " + f.context() + "\n" + "configuration: "
                + (f.configuration().isEmpty() ? "no CONFIG_ option on the chain"
                        : String.join(" && ", f.configuration())))).append(";\n");
        out.append("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        out.append("  edge [fontname=\"monospace\", fontsize=9];\n");
        List<Hop> hops = f.chain();
        for (int i = 0; i < hops.size(); i++) {
            Hop hop = hops.get(i);
            // A modelled function outside the scope is named by the file its modelled call was found in.
            String where = graph.definition(hop.function()).map(d -> d.file() + ":" + d.line())
                    .orElse(hop.place().equals(hop.site()) ? "(modelled)" : hop.place().file() + " (modelled)");
            out.append("  n").append(i).append(" [label=")
                    .append(DotWriter.quote(graph.display(hop.function()) + "\n" + where));
            if (i == 0) {
                out.append(", style=filled, fillcolor=\"#dbe9ff\"");
            }
            out.append("];\n");
        }
        out.append("  n").append(hops.size()).append(" [label=").append(DotWriter.quote(f.call() + "\n" + f.site()))
                .append(", style=filled, fillcolor=\"#ffe9a8\"];\n");
        for (int i = 0; i < hops.size(); i++) {
            Hop hop = hops.get(i);
            String label = hop.place().toString();
            if (hop.via() != null) {
                label = hop.via() + "\n" + label;
            }
            if (hop.certainty() != HopCertainty.DIRECT) {
                label = label + "\n" + hop.certainty().label();
            }
            out.append("  n").append(i).append(" -> n").append(i + 1).append(" [")
                    .append(DotWriter.style(hop.kind())).append(", label=").append(DotWriter.quote(label))
                    .append("];\n");
        }
        out.append("}\n");
        return out.toString();
    }
}

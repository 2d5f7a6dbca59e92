package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.rules.RuleMetadata;
import dev.kreach.rules.RuleRegistry;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.Hop;
import dev.kreach.rules.refine.HopCertainty;
import java.util.List;

/**
 * Findings as a compiler prints them for editors: the headline, then every step of the chain as a
 * {@code file:line:col: note: ...} line of its own, at the call it makes (a model step at the modelled call in the
 * tree), so that vim's quickfix list and Emacs's compile-mode walk the chain as they walk gcc's "in expansion of
 * macro" notes. The evidence of a put that is not the last is a note at the put.
 */
final class FindingsGcc {
    private FindingsGcc() {
    }

    static String write(ScanResult result, RuleRegistry registry, List<Finding> findings) {
        CallGraph graph = result.graph();
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            RuleMetadata rule = registry.find(f.rule()).orElseThrow();
            out.append(FindingsText.headline(rule, f)).append('\n');
            if (!f.lastReference().mayBeLast()) {
                out.append(f.site()).append(": note: ").append(f.lastReference().reasoner()).append(": ")
                        .append(f.lastReference().evidence()).append('\n');
            }
            List<Hop> hops = f.chain();
            for (int i = 0; i < hops.size(); i++) {
                Hop hop = hops.get(i);
                String callee = i + 1 < hops.size() ? graph.display(hops.get(i + 1).function()) : f.call();
                out.append(hop.place()).append(": note: ").append(graph.display(hop.function()));
                if (i == 0) {
                    out.append(" (entry point: ").append(f.context()).append(')');
                }
                out.append(" calls ").append(callee);
                if (hop.via() != null) {
                    out.append(" through ").append(hop.via());
                }
                if (hop.certainty() != HopCertainty.DIRECT) {
                    out.append(" [").append(hop.certainty().label()).append(']');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}

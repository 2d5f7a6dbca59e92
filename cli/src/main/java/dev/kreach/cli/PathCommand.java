package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.pack.RuleSpec;
import dev.kreach.rules.reach.ContextReachability;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "path", mixinStandardHelpOptions = true,
        description = "The shortest call chain from one function to another: one function a line, each with the "
                + "call that leads to the next (file:line:column, edge kind). Exit 1 when there is none. With "
                + "--explain, from a rule's entry point: every chain the rule tried to each sink call in (or of) the "
                + "--to function, each hop checked, and which hop refuted each chain not reported.")
final class PathCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @Option(names = "--from", required = true, paramLabel = "FUNC", description = "Where the chain starts.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "FUNC", description = "Where the chain ends.")
    String to;

    @Option(names = "--format", defaultValue = "text", description = "text or dot (Graphviz). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--explain", description = "Explain a rule's findings from the --from entry point to the sink "
            + "calls in --to (or to the sink --to names): the chains tried, each hop's certainty and evidence, and "
            + "the refuting hop of each chain not reported.")
    boolean explain;

    @Mixin
    RuleOptions rules;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RulePack pack = rules.load();
        ScanResult result = tree.scan(spec.commandLine().getErr());
        CallGraph graph = result.graph();
        FunctionId start = graph.resolve(from);
        if (explain) {
            return explain(result, pack, start, out);
        }
        FunctionId end = graph.resolve(to);
        Optional<List<CallEdge>> path = graph.shortestPath(start, end);
        if (path.isEmpty()) {
            spec.commandLine().getErr().println("kreach: no call chain from " + graph.display(start) + " to "
                    + graph.display(end));
            return ExitCodes.NEGATIVE;
        }
        if (format == OutputFormat.dot) {
            out.print(DotWriter.write(graph, path.get(), List.of(start, end)));
        } else {
            out.print(text(graph, start, path.get()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The chains each rule with entry point {@code start} tried to the sink calls in or of {@code to}. */
    private int explain(ScanResult result, RulePack pack, FunctionId start, PrintWriter out) {
        CallGraph graph = result.graph();
        ContextReachability reachability = new ContextReachability(result, pack);
        boolean entry = false;
        int chains = 0;
        for (RuleSpec rule : pack.rules()) {
            if (!reachability.entryPoints(rule.contexts()).contains(start)) {
                continue;
            }
            entry = true;
            for (Map.Entry<CallEdge, List<ContextReachability.Attempt>> sink
                    : reachability.explain(rule, start).entrySet()) {
                CallEdge call = sink.getKey();
                if (!call.caller().name().equals(to) && !call.caller().qualified().equals(to)
                        && !call.callee().name().equals(to)) {
                    continue;
                }
                out.printf("%s: %s %s in %s%n", rule.id(), call.site(), call.text(), graph.display(call.caller()));
                int n = 0;
                for (ContextReachability.Attempt attempt : sink.getValue()) {
                    chains++;
                    var refutation = attempt.result().refutation();
                    out.printf("  chain %d, %s%n", ++n, refutation == null ? "reported"
                            : "refuted at hop " + (refutation.hop() + 1) + ": " + refutation.evidence());
                    var edges = attempt.chain().edges();
                    for (int i = 0; i < edges.size(); i++) {
                        CallEdge edge = edges.get(i);
                        out.printf("    %-40s %-32s %s%n", graph.display(edge.caller()), edge.site(),
                                EdgeText.kind(edge));
                        if (i < attempt.result().hops().size() && attempt.result().hops().get(i).evidence() != null) {
                            var verdict = attempt.result().hops().get(i);
                            out.printf("        %s: %s%n", verdict.certainty().label(), verdict.evidence());
                        } else if (refutation != null && i == refutation.hop()) {
                            out.printf("        refuted: %s%n", refutation.evidence());
                        }
                    }
                }
            }
        }
        out.flush();
        if (!entry) {
            spec.commandLine().getErr().println("kreach: " + graph.display(start) + " is not an entry point of any "
                    + "rule (--explain starts from one)");
            return ExitCodes.NEGATIVE;
        }
        if (chains == 0) {
            spec.commandLine().getErr().println("kreach: no chain from " + graph.display(start) + " to a sink call "
                    + "in or of " + to);
            return ExitCodes.NEGATIVE;
        }
        return ExitCodes.OK;
    }

    /** One function a line, in the cflow habit: the function, then where it makes the call that leads on. */
    static String text(CallGraph graph, FunctionId start, List<CallEdge> path) {
        StringBuilder out = new StringBuilder();
        FunctionId current = start;
        for (CallEdge edge : path) {
            out.append(String.format("%-44s %-36s %s%n", graph.display(current), edge.site(), EdgeText.kind(edge)));
            current = edge.callee();
        }
        String where = graph.definition(current).map(f -> f.file() + ":" + f.line()).orElse("(not in scope)");
        out.append(String.format("%-44s %s%n", graph.display(current), where));
        return out.toString();
    }
}

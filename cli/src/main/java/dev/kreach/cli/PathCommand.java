package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.FunctionId;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "path", mixinStandardHelpOptions = true,
        description = "The shortest call chain from one function to another: one function a line, each with the "
                + "call that leads to the next (file:line:column, edge kind). Exit 1 when there is none.")
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScanResult result = tree.scan(spec.commandLine().getErr());
        CallGraph graph = result.graph();
        FunctionId start = graph.resolve(from);
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

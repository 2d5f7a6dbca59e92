package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.FunctionId;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "List what a function calls (--callees) or what calls it (--callers): one function a line, "
                + "with the edge kind and the call site. A static name several files define is written file.c:name.")
final class GraphCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Direction direction;

    static final class Direction {
        @Option(names = "--callees", paramLabel = "FUNC", required = true, description = "Functions FUNC calls.")
        String callees;

        @Option(names = "--callers", paramLabel = "FUNC", required = true, description = "Functions that call FUNC.")
        String callers;
    }

    @Option(names = "--format", defaultValue = "text", description = "text or dot (Graphviz). Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--depth", defaultValue = "1", paramLabel = "N",
            description = "Levels to follow for --format dot. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Override
    public Integer call() {
        if (depth < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--depth must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        ScanResult result = tree.scan(spec.commandLine().getErr());
        CallGraph graph = result.graph();
        boolean forward = direction.callees != null;
        FunctionId root = graph.resolve(forward ? direction.callees : direction.callers);
        if (format == OutputFormat.dot) {
            out.print(DotWriter.write(graph, graph.edgesWithin(root, forward, depth), List.of(root)));
        } else {
            for (CallEdge edge : forward ? graph.callees(root) : graph.callers(root)) {
                FunctionId other = forward ? edge.callee() : edge.caller();
                out.printf("%-40s %-50s %s%n", graph.display(other), EdgeText.kind(edge), edge.site());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}

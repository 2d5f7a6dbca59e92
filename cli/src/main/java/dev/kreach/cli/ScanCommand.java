package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.Finding;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Run the rules: every sink call (iput()) reachable from a rule's context (writeback, the Ceph "
                + "messenger), gcc-style, each with its call chain from the entry point. Exit 1 when there are "
                + "findings.")
final class ScanCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Extra rule pack (YAML), added to the bundled one; repeatable.")
    List<Path> rulePacks = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        for (Path pack : rulePacks) {
            if (!Files.isRegularFile(pack)) {
                throw new dev.kreach.analyzer.source.BadInputException("no such rule pack: " + pack);
            }
        }
        // Packs are read before the tree, so that a bad pack fails at once.
        RulePack pack = RulePack.load(rulePacks);
        ScanResult result = tree.scan(spec.commandLine().getErr());
        List<Finding> findings = ContextReachability.checkAll(result.graph(), pack.rules());
        PrintWriter out = spec.commandLine().getOut();
        out.print(format == Format.json ? FindingsJson.write(result, pack.registry(), findings)
                : FindingsText.write(result, pack.registry(), findings));
        out.flush();
        return findings.isEmpty() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}

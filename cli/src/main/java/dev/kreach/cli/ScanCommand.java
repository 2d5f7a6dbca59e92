package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.Finding;
import dev.kreach.sarif.SarifReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Run the rules: every sink call (iput()) reachable from a rule's context (writeback, the Ceph "
                + "messenger), gcc-style, each with its call chain from the entry point. Exit 1 when there are "
                + "findings.")
final class ScanCommand implements Callable<Integer> {

    enum Format { text, json, sarif }

    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Extra rule pack (YAML), added to the bundled one; repeatable.")
    List<Path> rulePacks = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text, json or sarif; repeatable (--format text --format sarif -o out.sarif). Default: text.")
    List<Format> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the json or sarif report to FILE (whole or not at all) instead of stdout.")
    Path output;

    @Option(names = "--sarif-category", paramLabel = "ID",
            description = "SARIF automationDetails.id: which analysis an upload replaces. Default: kreach/ and the scope.")
    String category;

    @Override
    public Integer call() {
        for (Path pack : rulePacks) {
            if (!Files.isRegularFile(pack)) {
                throw new BadInputException("no such rule pack: " + pack);
            }
        }
        List<Format> wanted = formats.isEmpty() ? List.of(Format.text) : formats.stream().distinct().toList();
        List<Format> files = wanted.stream().filter(f -> f != Format.text).toList();
        if (output != null && files.size() != 1) {
            throw new ParameterException(spec.commandLine(), "-o takes the one json or sarif report; formats asked: "
                    + wanted);
        }
        if (output == null && wanted.size() > 1) {
            throw new ParameterException(spec.commandLine(), "only one format can go to stdout; write the json or "
                    + "sarif report with -o FILE");
        }
        // Packs are read before the tree, so that a bad pack fails at once.
        RulePack pack = RulePack.load(rulePacks);
        ScanResult result = tree.scan(spec.commandLine().getErr());
        List<Finding> findings = ContextReachability.checkAll(result.graph(), pack.rules());
        PrintWriter out = spec.commandLine().getOut();
        for (Format format : wanted) {
            String report = switch (format) {
                case text -> FindingsText.write(result, pack.registry(), findings);
                case json -> FindingsJson.write(result, pack.registry(), findings);
                case sarif -> SarifReport.write(result, pack.registry(), findings,
                        category != null ? category : defaultCategory(result));
            };
            if (format != Format.text && output != null) {
                AtomicOutput.write(output, report);
            } else {
                out.print(report);
            }
        }
        out.flush();
        return findings.isEmpty() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }

    /** kreach/fs/ceph+net/ceph: one category per scope, so scans of different scopes do not replace each other. */
    static String defaultCategory(ScanResult result) {
        return "kreach/" + String.join("+", result.options().scope().prefixes().stream()
                .map(p -> p.isEmpty() ? "." : p).toList());
    }
}

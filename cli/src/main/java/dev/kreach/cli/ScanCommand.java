package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.Finding;
import dev.kreach.sarif.SarifReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Run the rules: every sink call (iput()) reachable from a rule's context (writeback, the Ceph "
                + "messenger), gcc-style, each with its call chain from the entry point; a put that cannot drop "
                + "the last reference is a note, with its evidence. Exit 1 when there are warnings.")
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @Mixin
    RuleOptions rules;

    @Mixin
    ReportOptions report;

    @Mixin
    LevelOptions levels;

    @picocli.CommandLine.Option(names = "--baseline", paramLabel = "FILE",
            description = "An earlier kreach report (JSON or SARIF): report only the findings it does not have, "
                    + "matched by identity, not by line; exit 1 only for those. SARIF marks them baselineState new.")
    java.nio.file.Path baselineFile;

    @picocli.CommandLine.Option(names = "--suppressions", paramLabel = "FILE",
            description = "A YAML file of findings set aside (rule; function or file; optional argument; reason): "
                    + "they are no warnings, SARIF carries them as suppressed with the reason, the summary counts "
                    + "them.")
    java.nio.file.Path suppressionsFile;

    @picocli.CommandLine.Option(names = "--finding", paramLabel = "[RULE@]FILE:LINE[:COL]",
            description = "The one finding --format dot draws, by its place (fs/ceph/caps.c:3483), with the rule "
                    + "when two rules flag it (kreach/iput-in-messenger@fs/ceph/caps.c:3483). Not needed when the "
                    + "scan has one finding.")
    String finding;

    @Override
    public Integer call() {
        List<ReportOptions.Format> wanted = report.wanted(List.of(ReportOptions.Format.values()));
        if (finding != null && !wanted.contains(ReportOptions.Format.dot)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--finding picks the one finding --format dot draws; no dot report was asked for");
        }
        levels.check();
        Baseline baseline = baselineFile == null ? null : Baseline.read(baselineFile);
        dev.kreach.rules.pack.Suppressions suppressions = suppressionsFile == null
                ? dev.kreach.rules.pack.Suppressions.NONE : dev.kreach.rules.pack.Suppressions.load(suppressionsFile);
        // Packs are read before the tree, so that a bad pack fails at once.
        RulePack pack = rules.load();
        // Saved findings name the tree as it was before the scan read it: its content, or what the scan read of it.
        SavedBase[] saved = new SavedBase[1];
        ScanResult result = tree.scan(spec.commandLine().getErr(),
                opened -> (saved[0] = SavedBase.of(tree, opened, pack, spec.commandLine().getErr())).tree(), true);
        if (saved[0] != null) {
            saved[0].startSavingGraph(result);
        }
        ContextReachability reachability = new ContextReachability(result, pack);
        result.updatable().ifPresent(graph -> reachability.updating(graph, null, file -> true));
        List<Finding> all = reachability.checkAll(pack.rules());
        if (saved[0] != null) {
            // A later check-patch against this tree takes these instead of analysing it again.
            saved[0].save(all, result, reachability.memo());
        }
        List<Finding> shown = levels.shown(all, pack.registry());
        List<Finding> reported = baseline == null ? shown : baseline.newIn(shown);
        Map<Finding, dev.kreach.rules.pack.Suppressions.Suppression> suppressed = suppressions.matching(reported);
        List<Finding> findings = reported.stream().filter(f -> !suppressed.containsKey(f)).toList();
        Map<Finding, String> justified = new java.util.LinkedHashMap<>();
        suppressed.forEach((f, s) -> justified.put(f, s.reason() + " (" + s.source() + ")"));
        java.util.Set<String> notRun = UnboundContexts.of(reachability, pack);
        // Picked before any report is written, so that a --finding that matches nothing leaves no report behind.
        Finding drawn = wanted.contains(ReportOptions.Format.dot) ? FindingPick.one(findings, finding) : null;
        report.emit(wanted, Map.of(
                ReportOptions.Format.text, () -> FindingsText.write(result, pack.registry(), findings, notRun,
                        suppressed.size()),
                ReportOptions.Format.gcc, () -> FindingsGcc.write(result, pack.registry(), findings),
                ReportOptions.Format.json, () -> FindingsJson.write(result, pack.registry(), findings,
                        reachability.stats(), notRun, suppressed),
                ReportOptions.Format.sarif, () -> SarifReport.write(result, pack.registry(), reported,
                        report.sarifCategory(result), notRun, baseline != null, justified),
                ReportOptions.Format.dot, () -> FindingDot.write(result.graph(),
                        pack.registry().find(drawn.rule()).orElseThrow(), drawn)));
        UnboundContexts.warn(spec.commandLine().getErr(), notRun, pack);
        if (baseline != null) {
            spec.commandLine().getErr().printf("kreach: baseline %s: %d of %d findings are in it and not reported; "
                    + "%d new%n", baseline.file(), shown.size() - reported.size(), shown.size(), reported.size());
        }
        // Times vary from run to run, so they go to stderr once the report is out, never into a report.
        ContextReachability.Stats checks = reachability.stats();
        spec.commandLine().getErr().printf(java.util.Locale.ROOT,
                "kreach: checked %d chains hop by hop (%d refuted, %d findings dropped) in %.1f s, search %.1f s; "
                        + "last references judged in %.2f s; %d files read again (%d from the cache), %.1f s of it "
                        + "on all threads%n",
                checks.checked, checks.refuted, checks.dropped, checks.refineNanos / 1e9, checks.searchNanos / 1e9,
                checks.judgeNanos / 1e9, result.bodies().filesRead(), result.bodies().cacheHits(), result.bodies().time().toNanos() / 1e9);
        spec.commandLine().getErr().flush();
        return LevelOptions.anyAboveNote(findings, pack.registry()) ? ExitCodes.NEGATIVE : ExitCodes.OK;
    }
}

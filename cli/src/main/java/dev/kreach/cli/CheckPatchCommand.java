package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.kbuild.KbuildCodec;
import dev.kreach.analyzer.kbuild.KbuildInputs;
import dev.kreach.analyzer.kbuild.KernelBuild;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.patch.PatchSeries;
import dev.kreach.analyzer.patch.TreeLineMap;
import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.analyzer.source.GitRevisionTree;
import dev.kreach.analyzer.source.OverlayTree;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.RuleMetadata;
import dev.kreach.rules.RuleRegistry;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.ReachMemo;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.FindingDiff;
import dev.kreach.sarif.SarifReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check-patch", mixinStandardHelpOptions = true,
        description = "What a patch series changes in the findings: applies the patches (files, or one mbox) in "
                + "memory, in order, to TREE, scans before and after (re-parsing only the files the series touches) "
                + "and reports the new and the fixed findings. Nothing on disk changes.")
final class CheckPatchCommand implements Callable<Integer> {

    enum FailOn { NEW, ANY, NONE }

    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @Parameters(index = "1..*", paramLabel = "PATCH", arity = "0..*",
            description = "git format-patch files, in series order, or one mbox holding the series.")
    List<Path> patches = new ArrayList<>();

    @Option(names = "--git", paramLabel = "REPO",
            description = "Compare two revisions of a git repository instead (read through JGit, no checkout).")
    Path git;

    @Option(names = "--base", paramLabel = "REV", description = "With --git: the revision before the series.")
    String base;

    @Option(names = "--head", paramLabel = "REV",
            description = "With --git: the revision after the series (default HEAD).")
    String head;

    @Option(names = "--working-tree",
            description = "With --git: check the uncommitted changes of the repository's working tree against "
                    + "--base (default HEAD).")
    boolean workingTree;

    @Option(names = "-p", paramLabel = "N", defaultValue = "1",
            description = "Patch files: strip N leading directories from their paths, as patch -pN does (default "
                    + "${DEFAULT-VALUE}, git's a/ and b/; 0 for diff -u output run in the tree's top).")
    int strip;

    @Mixin
    RuleOptions rules;

    @Mixin
    ReportOptions report;

    @Option(names = "--fail-on", defaultValue = "new", paramLabel = "WHEN",
            description = "new (exit 1 when the series adds a finding), any (when any finding remains) or none. "
                    + "Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Override
    public Integer call() {
        boolean gitMode = git != null;
        if (gitMode ? tree.tree != null || !patches.isEmpty() || (workingTree ? head != null : base == null)
                : tree.tree == null || patches.isEmpty() || base != null || head != null || workingTree) {
            throw new ParameterException(spec.commandLine(),
                    "give TREE PATCH..., --git REPO --base REV [--head REV], or --git REPO --working-tree [--base REV]");
        }
        if (workingTree && base == null) {
            base = "HEAD";
        }
        if (gitMode && head == null) {
            head = "HEAD";
        }
        FailOn when;
        try {
            when = FailOn.valueOf(failOn.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--fail-on takes new, any or none, not '" + failOn + "'");
        }
        List<ReportOptions.Format> wanted = report.wanted(List.of(ReportOptions.Format.text,
                ReportOptions.Format.sarif));
        tree.requireFastMode("check-patch");
        RulePack pack = rules.load();
        PrintWriter err = spec.commandLine().getErr();
        // A scan that a later one updates keeps what the update needs: the base's, and the steps of a series.
        ScanResult after;
        FindingDiff diff;
        Map<Finding, String> introducedBy;
        if (gitMode && workingTree) {
            try (GitRevisionTree baseTree = kernelTree(GitRevisionTree.open(git, base))) {
                Base before = base(SavedBase.of(tree, baseTree, pack, err), pack, err);
                SourceTree work = SourceTree.open(git, before.options().scope(),
                        before.options().models().definitionFiles(), fraction -> { });
                after = scanAfter(work, err, before, false, before.kbuildOf(work, baseTree));
                before = before.spent();
                List<Finding> now = before.rulesAfter(after, work, baseTree, pack, err).findings();
                diff = FindingDiff.of(before.findings(), now, new TreeLineMap(baseTree, work));
                introducedBy = new SeriesBlame(diff.introduced(), now, work).rest("the working tree");
            }
        } else if (gitMode) {
            List<GitRevisionTree.Commit> commits = GitRevisionTree.commits(git, base, head);
            // The rules run while the revisions are open: each chain's hops are checked against bodies read from them.
            try (GitRevisionTree baseTree = kernelTree(GitRevisionTree.open(git, base));
                    GitRevisionTree headTree = kernelTree(GitRevisionTree.open(git, head))) {
                Base before = base(SavedBase.of(tree, baseTree, pack, err), pack, err);
                after = scanAfter(headTree, err, before, before.scan() == null && commits.size() > 1,
                        before.kbuildOf(headTree, baseTree));
                before = before.spent();
                ContextReachability.Outcome headRules = before.rulesAfter(after, headTree, baseTree, pack, err);
                List<Finding> now = headRules.findings();
                diff = FindingDiff.of(before.findings(), now, new TreeLineMap(baseTree, headTree));
                SeriesBlame blame = new SeriesBlame(diff.introduced(), now, headTree);
                Step previous = before.stepOr(after, headTree, headRules);
                for (int i = 0; i + 1 < commits.size() && !blame.done(); i++) {
                    GitRevisionTree.Commit commit = commits.get(i);
                    try (GitRevisionTree step = kernelTree(GitRevisionTree.open(git, commit.id()))) {
                        previous = previous.next(step, tree.scanTree(step, err, previous.scan(),
                                previous.scan().options(), true, null), pack);
                        blame.step(label(commit), step, previous.rules().findings());
                    }
                }
                introducedBy = blame.rest(commits.isEmpty() ? head : label(commits.get(commits.size() - 1)));
            }
        } else {
            if (strip < 0) {
                throw new ParameterException(spec.commandLine(), "-p takes a number of directories, 0 or more");
            }
            PatchSeries series = PatchSeries.read(patches, strip);
            SavedBase saved = SavedBase.of(tree, tree.openTree(err), pack, err);
            SourceTree baseTree = saved.tree();
            // A series that does not apply is refused before any analysis.
            SourceTree patched = new OverlayTree(baseTree, series.apply(baseTree), baseTree.displayName() + " + "
                    + series.patches().size() + " patch" + (series.patches().size() == 1 ? "" : "es"));
            Base before = base(saved, pack, err);
            after = scanAfter(patched, err, before, before.scan() == null && series.patches().size() > 1,
                    before.kbuildOf(patched, baseTree));
            before = before.spent();
            ContextReachability.Outcome headRules = before.rulesAfter(after, patched, baseTree, pack, err);
            List<Finding> now = headRules.findings();
            diff = FindingDiff.of(before.findings(), now, new TreeLineMap(baseTree, patched));
            // Each new finding is blamed on the first patch after which it is there, as the test robot blames.
            SeriesBlame blame = new SeriesBlame(diff.introduced(), now, patched);
            Step previous = before.stepOr(after, patched, headRules);
            List<PatchSeries.PatchText> texts = series.patches();
            for (int i = 0; i + 1 < texts.size() && !blame.done(); i++) {
                SourceTree step = new OverlayTree(baseTree, series.firstPatches(i + 1).apply(baseTree),
                        baseTree.displayName() + " + " + (i + 1) + " patches");
                previous = previous.next(step, tree.scanTree(step, err, previous.scan(), previous.scan().options(),
                        true, null), pack);
                blame.step(label(texts.get(i)), step, previous.rules().findings());
            }
            introducedBy = blame.rest(label(texts.get(texts.size() - 1)));
        }
        java.util.Set<String> notRun = UnboundContexts.of(new ContextReachability(after, pack), pack);
        report.emit(wanted, Map.of(
                ReportOptions.Format.text, () -> text(after, pack.registry(), diff, introducedBy),
                ReportOptions.Format.sarif, () -> SarifReport.writeComparison(after, pack.registry(),
                        diff.introduced(), diff.unchanged(), diff.fixed(),
                        report.sarifCategory(after), notRun, introducedBy)));
        UnboundContexts.warn(err, notRun, pack);
        boolean fail = switch (when) {
            case NEW -> !diff.introduced().isEmpty();
            case ANY -> !diff.introduced().isEmpty() || !diff.unchanged().isEmpty();
            case NONE -> false;
        };
        return fail ? ExitCodes.NEGATIVE : ExitCodes.OK;
    }

    /**
     * The base of a check: its findings, the options it is scanned with, and either its scan, when it had to be
     * scanned, or kbuild's saved evaluation of it, when its analysis was saved by an earlier run (the tree after
     * the patch is then scanned in full, taking that evaluation over when the patch touches none of its inputs).
     */
    private record Base(ScanResult scan, List<Finding> findings, dev.kreach.analyzer.ScanOptions options,
            KernelBuild kbuild, TreeScanner.Previous saved, SourceTree tree, ReachMemo memo) {
        /**
         * What the scan of the tree after the patch takes over: the base's scan, else its saved graph (null when
         * neither is there: the tree after the patch is analysed in full).
         */
        TreeScanner.Previous previous() {
            return scan != null ? TreeScanner.Previous.of(scan) : saved;
        }

        /** This base without its saved graph, once updated: the whole base need not stay in memory beside it. */
        Base spent() {
            return new Base(scan, findings, options, kbuild, null, tree, memo);
        }

        /**
         * The rules on {@code after}, the scan of {@code afterTree}, taking over what their run on the base left
         * standing when {@code after}'s graph is an update of the base's.
         */
        ContextReachability.Outcome rulesAfter(ScanResult after, SourceTree afterTree, SourceTree baseTree,
                RulePack pack, PrintWriter err) {
            ContextReachability.Outcome rules = ContextReachability.checkAll(after, pack, memo,
                    afterTree.changedFrom(baseTree).orElse(null));
            ContextReachability.Stats stats = rules.stats();
            if (stats.searchesTaken + stats.checksTaken > 0) {
                // How much of the base's run the patch left standing: what makes a check fast, or not.
                err.printf("kreach: the patch left %d of %d searches and %d of %d chain checks of the base's rules "
                        + "standing%n", stats.searchesTaken, stats.searches, stats.checksTaken, stats.checked);
                err.flush();
            }
            return rules;
        }

        /** The step a scan of a later tree updates: the base's, else {@code otherwise}'s. */
        Step stepOr(ScanResult otherwise, SourceTree otherTree, ContextReachability.Outcome otherRules) {
            return scan != null ? new Step(scan, tree, new ContextReachability.Outcome(findings, memo, null))
                    : new Step(otherwise, otherTree, otherRules);
        }

        /** kbuild's saved evaluation of {@code baseTree} when it is {@code after}'s too; else null. */
        KernelBuild kbuildOf(SourceTree after, SourceTree baseTree) {
            if (kbuild == null) {
                return null;
            }
            java.util.Optional<java.util.Set<String>> changed = after.changedFrom(baseTree);
            return changed.isPresent() && !KbuildInputs.mayDiffer(changed.get(), baseTree, after) ? kbuild : null;
        }
    }

    /**
     * The base's saved analysis (its findings; its configuration and file list as kbuild gave them), else the base
     * scanned, checked and saved for the next run.
     */
    private Base base(SavedBase saved, RulePack pack, PrintWriter err) {
        SourceTree baseTree = saved.tree();
        java.util.Optional<SavedBase.Saved> found = saved.load();
        if (found.isPresent()) {
            KbuildCodec.View kbuild = found.get().kbuild();
            dev.kreach.analyzer.ScanOptions options = tree.options();
            options = kbuild.defaults().isPresent()
                    ? options.withConfig(KernelConfig.fromDefaults(kbuild.defaults().get(), options.arch()))
                    : tree.resolvedFor(baseTree);
            dev.kreach.analyzer.ScanOptions scanned = options;
            TreeScanner.Previous graph = saved.graph(options.models(), tree.callsIn(baseTree, options))
                    .map(g -> TreeScanner.Previous.saved(scanned, baseTree, g, kbuild.build())).orElse(null);
            return new Base(null, found.get().findings(), options, kbuild.build(), graph, baseTree,
                    found.get().memo());
        }
        ScanResult scan = tree.scanTree(baseTree, err, (ScanResult) null, tree.options(), true, null);
        saved.startSavingGraph(scan);
        ContextReachability.Outcome rules = ContextReachability.checkAll(scan, pack, null, null);
        saved.save(rules.findings(), scan, rules.memo());
        return new Base(scan, rules.findings(), scan.options(), null, null, baseTree, rules.memo());
    }

    /**
     * A scanned tree of a series with its rules' run: the next step's scan updates its graph, and the rules on that
     * take over what these left standing.
     */
    private record Step(ScanResult scan, SourceTree tree, ContextReachability.Outcome rules) {
        Step next(SourceTree nextTree, ScanResult nextScan, RulePack pack) {
            return new Step(nextScan, nextTree, ContextReachability.checkAll(nextScan, pack, rules.memo(),
                    nextTree.changedFrom(tree).orElse(null)));
        }
    }

    /**
     * The tree after the patch, scanned from what the base left (its scan, or its saved graph updated); a saved
     * graph whose update cannot be had (the calls of a file it resolves again are in no cache and no longer
     * readable) is noted, and the tree analysed in full.
     */
    private ScanResult scanAfter(SourceTree after, PrintWriter err, Base before, boolean updatable,
            KernelBuild kbuild) {
        try {
            return tree.scanTree(after, err, before.previous(), before.options(), updatable, kbuild);
        } catch (java.io.UncheckedIOException e) {
            if (before.scan() != null || before.saved() == null) {
                throw e;
            }
            err.println("kreach: " + dev.kreach.analyzer.source.Printable.of(after.displayName() + ": "
                    + e.getCause().getMessage()) + "; building its graph in full");
            err.flush();
            return tree.scanTree(after, err, (TreeScanner.Previous) null, before.options(), updatable, kbuild);
        }
    }

    private static GitRevisionTree kernelTree(GitRevisionTree revision) {
        if (!revision.exists("Makefile") || !revision.exists("include/linux")) {
            revision.close();
            throw new BadInputException(revision.displayName()
                    + ": not a kernel tree (expected a top-level Makefile and include/linux/)");
        }
        return revision;
    }

    /** How a commit is named in a report: {@code commit 1a2b3c4d5e6f ("ceph: ...")}, as the test robot names it. */
    private static String label(GitRevisionTree.Commit commit) {
        return "commit " + commit.abbreviated() + " (\"" + commit.subject() + "\")";
    }

    /** How a patch is named: its file (and message number in an mbox), and its subject when it has one. */
    private static String label(PatchSeries.PatchText patch) {
        String subject = patch.subject();
        return patch.name() + (subject.isEmpty() ? "" : " (\"" + subject + "\")");
    }

    /**
     * The kernel test robot's habit: new warnings with their chains, each with the commit or patch that brought it,
     * then fixed ones, then a verdict line.
     */
    static String text(ScanResult after, RuleRegistry registry, FindingDiff diff, Map<Finding, String> introducedBy) {
        StringBuilder out = new StringBuilder();
        if (!diff.introduced().isEmpty()) {
            out.append("New kreach warnings:\n");
            for (Finding f : diff.introduced()) {
                String shown = FindingsText.findings(after, registry, List.of(f));
                int headline = shown.indexOf('\n') + 1;
                out.append(shown, 0, headline);
                if (introducedBy.containsKey(f)) {
                    out.append("    introduced by ").append(introducedBy.get(f)).append('\n');
                }
                out.append(shown.substring(headline));
            }
        }
        if (!diff.fixed().isEmpty()) {
            out.append("Fixed kreach warnings:\n");
            for (Finding f : diff.fixed()) {
                RuleMetadata rule = registry.find(f.rule()).orElseThrow();
                out.append(FindingsText.headline(rule, f)).append('\n');
            }
        }
        out.append("kreach: ").append(diff.introduced().size()).append(" new, ").append(diff.fixed().size())
                .append(" fixed, ").append(diff.unchanged().size()).append(" unchanged\n");
        return out.toString();
    }
}

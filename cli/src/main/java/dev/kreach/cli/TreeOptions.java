package dev.kreach.cli;

import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.build.BuildPlan;
import dev.kreach.analyzer.build.CheckJournal;
import dev.kreach.analyzer.build.CompilationDatabase;
import dev.kreach.analyzer.build.CompileCommand;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.cache.FactsCache;
import dev.kreach.analyzer.model.KernelModels;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.ParseBudget;
import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.analyzer.source.ResourceTree;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every command scans: the tree, its scope, configuration and extra models. */
final class TreeOptions {
    static final String DEMO_ROOT = "/dev/kreach/fixtures/demo";

    @Parameters(index = "0", arity = "0..1", paramLabel = "TREE",
            description = "Kernel tree: a directory or a .tar.xz/.tar.gz tarball read in place. "
                    + "Without it, kreach scans its bundled demo tree.")
    Path tree;

    @Option(names = "--scope", paramLabel = "PREFIX",
            description = "Path prefix to analyse, repeatable (default: fs/ceph and net/ceph; '.' is the whole tree).")
    List<String> scope = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "A kernel .config; without it, the architecture's Kconfig defaults with every option on "
                    + "that its dependencies allow (allyesconfig-like).")
    Path config;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = ScanOptions.DEFAULT_ARCH,
            description = "The architecture whose kernel is scanned, as kbuild's SRCARCH (x86, arm64, riscv, ...; "
                    + "default: ${DEFAULT-VALUE}). Other arch/ directories are left out.")
    String arch = ScanOptions.DEFAULT_ARCH;

    @Option(names = "--models", paramLabel = "FILE",
            description = "Extra kernel model file (YAML), added to the bundled models; repeatable.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where parsed facts are kept between runs, keyed by file content "
                    + "(default: $XDG_CACHE_HOME/kreach or ~/.cache/kreach).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Parse every file; neither read nor write the facts cache.")
    boolean noCache;

    @Option(names = "--no-saved-analysis", description = "Keep the facts cache, but neither save a whole tree's "
            + "analysis (its findings and graph, which a later check-patch against it updates) nor read one.")
    boolean noSavedAnalysis;

    @Option(names = "--compile-commands", paramLabel = "FILE",
            description = "Build mode: analyse the translation units of this compile_commands.json that fall in the "
                    + "scope, each with its own flags, headers and configuration (TREE: the source tree it compiled).")
    Path compileCommands;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Build mode: analyse the files kreach-check recorded under make C=1/C=2 CHECK=kreach-check.")
    Path journal;

    @Option(names = "--fallback", paramLabel = "MODE",
            description = "Build mode: parse scoped C files the build did not compile in this mode (only 'fast'), "
                    + "marking their findings; without it they are listed, not analysed.")
    String fallback;

    @Option(names = "--no-header-reuse",
            description = "Build mode: preprocess every header wherever it is included, instead of replaying what it "
                    + "did to the macros when it is included again in an equivalent state (same results, slower; "
                    + "for checking).")
    boolean noHeaderReuse;

    @Option(names = "--parse-seconds", paramLabel = "SECONDS",
            description = "Parse budget: a file whose parse runs longer is skipped, named, with the reason "
                    + "(default ${DEFAULT-VALUE}; the slowest file of the whole 6.12 tree takes about 4 s).")
    long parseSeconds = ParseBudget.DEFAULT.time().toSeconds();

    @Option(names = "--parse-memory", paramLabel = "MIB",
            description = "Parse budget: a file whose parse allocates more is skipped, named, with the reason (default "
                    + "${DEFAULT-VALUE}; the hungriest 6.12 file allocates about 800 MiB).")
    long parseMebibytes = ParseBudget.DEFAULT.allocatedBytes() >> 20;

    private SourceTree opened;
    private boolean cacheOpened;
    private FactsCache cache;

    /** The facts cache the last scan used, if any. */
    java.util.Optional<FactsCache> cache() {
        return java.util.Optional.ofNullable(cache);
    }

    /**
     * Where a graph saved by an earlier run finds the calls of a file of {@code base} (scanned with
     * {@code options}) it holds without them: the facts cache, else the file parsed again.
     */
    dev.kreach.analyzer.graph.IncrementalGraph.CallSource callsIn(SourceTree base, ScanOptions options) {
        if (!cacheOpened) {
            cache = openCache();
        }
        return TreeScanner.callsIn(base, options, cache);
    }

    private FactsCache openCache() {
        cacheOpened = true;
        return cacheRoot().map(FactsCache::open).orElse(null);
    }

    /** Where saved analyses are kept; empty with {@code --no-cache} or {@code --no-saved-analysis}. */
    java.util.Optional<Path> analysesRoot() {
        java.util.Optional<Path> root = cacheRoot();
        return noSavedAnalysis ? java.util.Optional.empty() : root;
    }

    /** Where facts and saved analyses are kept; empty with {@code --no-cache}. */
    java.util.Optional<Path> cacheRoot() {
        if (noCache) {
            if (cacheDir != null) {
                throw new BadInputException("--cache and --no-cache contradict each other");
            }
            return java.util.Optional.empty();
        }
        Path root = cacheDir != null ? cacheDir : FactsCache.defaultRoot();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new BadInputException("--cache " + root + ": not a directory");
        }
        return java.util.Optional.of(root);
    }

    boolean headerReuse() {
        return !noHeaderReuse;
    }

    /** The tree the last {@link #scan} read. */
    SourceTree openedTree() {
        return opened;
    }

    ScanResult scan(PrintWriter err) {
        return scan(err, opened -> opened);
    }

    /**
     * As {@link #scan(PrintWriter)}, handing {@code beforeScan} the TREE argument once it is opened and before it is
     * read (not the demo tree, not build mode's), and scanning the tree it gives back.
     */
    ScanResult scan(PrintWriter err, java.util.function.UnaryOperator<SourceTree> beforeScan) {
        return scan(err, beforeScan, false);
    }

    /**
     * As {@link #scan(PrintWriter, java.util.function.UnaryOperator)}; with {@code saving}, a TREE scanned with a
     * cache keeps what a later check against it needs to update its graph, to be saved beside its analysis.
     */
    ScanResult scan(PrintWriter err, java.util.function.UnaryOperator<SourceTree> beforeScan, boolean saving) {
        for (Path model : models) {
            UserFile.requireRegular(model, "model file");
        }
        if (compileCommands != null || journal != null) {
            return scanBuild(err);
        }
        cache = openCache();
        if (fallback != null || noHeaderReuse) {
            throw new BadInputException((fallback != null ? "--fallback" : "--no-header-reuse")
                    + " applies to build mode only (--compile-commands or --journal)");
        }
        if (tree == null) {
            err.println("kreach: no TREE given; scanning the bundled demo tree (see README to scan a kernel)");
            err.flush();
            return scanTree(ResourceTree.load(DEMO_ROOT, "bundled demo tree"), err, null);
        }
        this.beforeScan = beforeScan;
        return scanTree(null, err, (ScanResult) null, options(), saving && cache != null && !noSavedAnalysis, null);
    }

    /** What {@link #scan(PrintWriter, java.util.function.UnaryOperator)} asked to be handed the TREE it opens. */
    private java.util.function.UnaryOperator<SourceTree> beforeScan = opened -> opened;

    /** Build mode: the translation units of a compilation database or a kreach-check journal. */
    private ScanResult scanBuild(PrintWriter err) {
        if (compileCommands != null && journal != null) {
            throw new BadInputException("--compile-commands and --journal are two routes to the same thing: give one");
        }
        if (fallback != null && !fallback.equals("fast")) {
            throw new BadInputException("--fallback " + fallback + ": the only fallback is 'fast'");
        }
        if (tree == null || !Files.isDirectory(tree)) {
            throw new BadInputException("build mode needs TREE, the source directory the build compiled"
                    + (tree == null ? "" : " (" + tree + " is not a directory)"));
        }
        List<CompileCommand> commands;
        String input;
        if (compileCommands != null) {
            if (!Files.isRegularFile(compileCommands)) {
                throw new BadInputException("no such compilation database: " + compileCommands);
            }
            commands = CompilationDatabase.read(compileCommands);
            input = compileCommands.toString();
        } else {
            if (!Files.isRegularFile(journal)) {
                throw new BadInputException("no such journal: " + journal
                        + " (run make C=2 CHECK=kreach-check first, or set KREACH_JOURNAL)");
            }
            CheckJournal.Contents contents = CheckJournal.read(journal);
            if (contents.incomplete() > 0) {
                err.println("kreach: " + journal + ": " + contents.incomplete()
                        + " incomplete record(s) ignored (a build stopped while writing?)");
            }
            commands = contents.commands();
            input = journal.toString();
        }
        ScanOptions options = options();
        BuildPlan plan = BuildPlan.of(input, commands, tree, options.scope(), fallback != null)
                .withHeaderReuse(!noHeaderReuse);
        ScanResult result;
        try (TerminalProgress progress = TerminalProgress.forStderr(err)) {
            SourceTree source = SourceTree.open(tree, options.scope(), options.models().definitionFiles(),
                    progress::tarball);
            opened = source;
            result = new TreeScanner(options, progress, null).scanBuild(source, plan);
        }
        reportSkipped(result, err);
        return result;
    }

    private static void reportSkipped(ScanResult result, PrintWriter err) {
        for (var skipped : result.skipped()) {
            err.println("kreach: skipped " + dev.kreach.analyzer.source.Printable.of(skipped.toString()));
        }
        err.flush();
    }

    /** The scan options these command-line options say. */
    ScanOptions options() {
        // Read once per command: a check asks for them to open the tree, key its saved base and scan it.
        if (options == null) {
            Scope s = scope.isEmpty() ? Scope.CEPH : new Scope(scope);
            KernelConfig kernelConfig = config == null ? KernelConfig.allEnabled()
                    : KernelConfig.fromDotConfig(config);
            options = new ScanOptions(s, kernelConfig, KernelModels.load(models), arch, budget());
        }
        return options;
    }

    /** The options the command line says, once read. */
    private ScanOptions options;

    private ParseBudget budget() {
        if (parseSeconds <= 0) {
            throw new BadInputException("--parse-seconds " + parseSeconds + ": must be a positive number of seconds");
        }
        if (parseMebibytes <= 0 || parseMebibytes > Long.MAX_VALUE >> 20) {
            throw new BadInputException("--parse-memory " + parseMebibytes + ": must be a positive number of MiB");
        }
        return new ParseBudget(java.time.Duration.ofSeconds(parseSeconds), parseMebibytes << 20);
    }

    /** For commands that read trees in fast mode only: build mode's options are refused, each in one line. */
    void requireFastMode(String command) {
        if (compileCommands != null || journal != null) {
            throw new BadInputException(command + " reads trees in fast mode: "
                    + (compileCommands != null ? "--compile-commands" : "--journal") + " applies to scan only");
        }
        if (fallback != null || noHeaderReuse) {
            throw new BadInputException((fallback != null ? "--fallback" : "--no-header-reuse")
                    + " applies to build mode only (--compile-commands or --journal)");
        }
    }

    /** Opens the TREE argument (a tarball is read in, with progress on {@code err}) without scanning it. */
    SourceTree openTree(PrintWriter err) {
        for (Path model : models) {
            UserFile.requireRegular(model, "model file");
        }
        ScanOptions options = options();
        try (TerminalProgress progress = TerminalProgress.forStderr(err)) {
            opened = SourceTree.open(tree, options.scope(), options.models().definitionFiles(), progress::tarball);
        }
        return opened;
    }

    /**
     * The options a scan of {@code source} runs with: these, with the configuration the tree's Kconfig gives when
     * no .config was given.
     */
    ScanOptions resolvedFor(SourceTree source) {
        return TreeScanner.resolve(source, options());
    }

    /**
     * Scans {@code source} (or, when null, the TREE argument opened here), reusing the facts of {@code previous};
     * skipped files are reported on {@code err}.
     */
    ScanResult scanTree(SourceTree source, PrintWriter err, ScanResult previous) {
        return scanTree(source, err, previous, previous != null ? previous.options() : options(), false, null);
    }

    /**
     * As {@link #scanTree(SourceTree, PrintWriter, ScanResult)}, with {@code options} (those of a base); with
     * {@code updatable}, the result keeps what a scan of the tree after a patch needs to update its graph
     * (check-patch's base and the trees a series passes through), which costs a sixth of the graph's build; with
     * {@code kbuild}, that is taken as kbuild's evaluation of {@code source} ({@link TreeScanner#withKbuild}).
     */
    ScanResult scanTree(SourceTree source, PrintWriter err, ScanResult previous, ScanOptions options,
            boolean updatable, dev.kreach.analyzer.kbuild.KernelBuild kbuild) {
        return scanTree(source, err, TreeScanner.Previous.of(previous), options, updatable, kbuild);
    }

    /** As above, from what an earlier analysis left: a scan of this run's, or a graph an earlier run saved. */
    ScanResult scanTree(SourceTree source, PrintWriter err, TreeScanner.Previous previous, ScanOptions options,
            boolean updatable, dev.kreach.analyzer.kbuild.KernelBuild kbuild) {
        Scope s = options.scope();
        ScanResult result;
        try (TerminalProgress progress = TerminalProgress.forStderr(err)) {
            if (source == null) {
                source = SourceTree.open(tree, s, options.models().definitionFiles(), progress::tarball);
                source = beforeScan.apply(source);
            }
            opened = source;
            if (!cacheOpened) {
                cache = openCache();
            }
            TreeScanner scanner = new TreeScanner(options, progress, cache);
            if (kbuild != null) {
                scanner.withKbuild(kbuild);
            }
            result = (updatable ? scanner.updatable() : scanner).scan(source, previous);
        }
        reportSkipped(result, err);
        if (result.sources().isEmpty() && result.skipped().isEmpty()) {
            throw new BadInputException(result.tree() + ": no .c files under scope " + s);
        }
        return result;
    }
}

package dev.kreach.analyzer;

import dev.kreach.analyzer.build.BuildInfo;
import dev.kreach.analyzer.build.BuildParser;
import dev.kreach.analyzer.build.BuildPlan;
import dev.kreach.analyzer.build.HeaderFiles;
import dev.kreach.analyzer.build.HeaderVersions;
import dev.kreach.analyzer.build.PredefinedMacros;
import dev.kreach.analyzer.build.UnitExtractor;
import dev.kreach.analyzer.cache.FactsCache;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.graph.CallGraphBuilder;
import dev.kreach.analyzer.graph.IncrementalGraph;
import dev.kreach.analyzer.graph.TypeDemand;
import dev.kreach.analyzer.kbuild.DefaultConfiguration;
import dev.kreach.analyzer.kbuild.KbuildInputs;
import dev.kreach.analyzer.kbuild.KbuildWalker;
import dev.kreach.analyzer.kbuild.KernelBuild;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.KernelParser;
import dev.kreach.analyzer.parse.UnparsableFileException;
import dev.kreach.analyzer.source.SourceFile;
import dev.kreach.analyzer.source.SourceTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sources to graph: parses the scope's C files and own headers on all cores, largest file first so one big file does
 * not finish last, then the include/ headers they name (for struct layouts only), then builds the call graph.
 * A file's bytes live only while its thread parses it, so a whole tree's text is never held at once; facts come
 * from the cache when it has them. Output order never depends on thread timing.
 */
public final class TreeScanner {
    /** Scope files name include/ headers (depth 1), which name more (depth 2); deeper is the rest of the kernel. */
    private static final int TYPE_HEADER_DEPTH = 1;

    private final ScanOptions options;
    private final ProgressListener progress;
    private final FactsCache cache;
    private final Map<String, FileFacts> reusable = new HashMap<>();
    /** Whether the result keeps what a scan after a patch needs to update its graph ({@link IncrementalGraph}). */
    private boolean updatable;
    /** The graph of the scan given as previous, to update; null when there is none to update. */
    private IncrementalGraph base;
    /**
     * The files that may differ from the previous scan's tree, when the tree can say (a patch series' overlay):
     * every other file's facts are the previous scan's, taken without reading the file. Null: read every file.
     */
    private Set<String> changed;
    /** kbuild's evaluation of the next scan's tree when the caller knows it (a saved base's; see withKbuild). */
    private KernelBuild knownKbuild;

    public TreeScanner(ScanOptions options, ProgressListener progress) {
        this(options, progress, null);
    }

    /** @param cache where facts of earlier runs are found and new ones stored; null for none */
    public TreeScanner(ScanOptions options, ProgressListener progress, FactsCache cache) {
        this.options = options;
        this.progress = progress;
        this.cache = cache;
    }

    /** A scanner for the resolved options of a scan, sharing its progress, cache, reusable facts and graph. */
    private TreeScanner(ScanOptions options, ProgressListener progress, FactsCache cache,
            Map<String, FileFacts> reusable, boolean updatable, IncrementalGraph base, Set<String> changed) {
        this(options, progress, cache);
        this.reusable.putAll(reusable);
        this.updatable = updatable;
        this.base = base;
        this.changed = changed;
    }

    /**
     * Makes every result keep what a later scan of the patched tree needs to update the graph rather than build it
     * again: for the scans of a patch series, each the previous of the next.
     */
    public TreeScanner updatable() {
        this.updatable = true;
        return this;
    }

    /**
     * Makes the next scan take {@code evaluated} as kbuild's evaluation of its tree instead of evaluating it: the
     * caller knows the tree differs from the one it came from ({@link ScanResult#kbuild()} of a scan with these
     * options) in no input of it ({@link KbuildInputs}).
     */
    public TreeScanner withKbuild(KernelBuild evaluated) {
        this.knownKbuild = evaluated;
        return this;
    }

    private enum Role { SOURCE, SCOPE_HEADER, TYPE_HEADER }

    /** One file to analyse; its bytes are read by the thread that parses it. */
    private record Job(Role role, String path, long size) {
    }

    public ScanResult scan(SourceTree tree) {
        return scan(tree, (Previous) null);
    }

    /**
     * What a scan of a tree after a patch takes over from the analysis of the tree before it: the options it was
     * scanned with, the tree, every file's facts (without their calls when they come from a saved graph), the graph
     * to update (null: build one) and kbuild's evaluation.
     */
    public record Previous(ScanOptions options, SourceTree tree, List<FileFacts> facts, IncrementalGraph graph,
            KernelBuild kbuild) {
        /** A scan of this run. */
        public static Previous of(ScanResult scan) {
            return scan == null ? null : new Previous(scan.options(), scan.bodies().tree(), scan.allFacts(),
                    scan.updatable().orElse(null), scan.kbuild());
        }

        /** A graph saved by an earlier run, read back ({@link dev.kreach.analyzer.graph.SavedIncrementalGraph}). */
        public static Previous saved(ScanOptions options, SourceTree tree, IncrementalGraph graph,
                KernelBuild kbuild) {
            List<FileFacts> facts = new ArrayList<>(graph.units());
            facts.addAll(graph.typeHeaders());
            return new Previous(options, tree, facts, graph, kbuild);
        }
    }

    /**
     * Scans {@code tree}, reusing the facts of {@code previous} (a scan with the same options) for every file whose
     * bytes are unchanged: after a patch series only the files it touches are parsed again.
     */
    public ScanResult scan(SourceTree tree, ScanResult previous) {
        return scan(tree, Previous.of(previous));
    }

    /**
     * As {@link #scan(SourceTree, ScanResult)}, from what an earlier analysis left: a scan of this run's or a graph
     * an earlier run saved.
     */
    public ScanResult scan(SourceTree tree, Previous previous) {
        reusable.clear();
        base = null;
        changed = null;
        // One scan's: the next scan evaluates kbuild again unless it is told otherwise.
        KernelBuild known = knownKbuild;
        knownKbuild = null;
        SourceTree before = null;
        if (previous != null) {
            for (FileFacts facts : previous.facts()) {
                reusable.put(facts.path(), facts);
            }
            base = previous.graph();
            before = previous.tree();
            changed = before == null ? null : tree.changedFrom(before).orElse(null);
        }
        long start = System.nanoTime();
        Phases phases = new Phases();
        ScanOptions resolved = previous != null ? previous.options() : resolve(tree, options);
        // The configuration of an earlier scan is reused (a patch series is checked under the base's), but the
        // file list is the patched tree's own: a patch may add a file and the Makefile line that builds it. When
        // the patch touches no input of kbuild, the earlier scan's evaluation is the patched tree's.
        KernelBuild kernel;
        if (known != null) {
            kernel = known;
        } else if (changed != null && !KbuildInputs.mayDiffer(changed, before, tree)) {
            kernel = previous.kbuild();
        } else {
            kernel = KbuildWalker.evaluate(tree, resolved.arch(), resolved.config(), resolved.scope())
                    .withNotes(resolved.config().notes());
        }
        phases.lap("kbuild");
        List<SkippedFile> skipped = new ArrayList<>();
        Map<String, Integer> leftOut = new java.util.TreeMap<>();
        List<Job> jobs = new ArrayList<>();
        Set<String> notBuilt = new HashSet<>();
        for (String path : tree.cFiles(resolved.scope())) {
            java.util.Optional<String> why = kernel.leftOut(path);
            if (why.isEmpty()) {
                jobs.add(new Job(Role.SOURCE, path, sizeOf(tree, path)));
            } else if (why.get().equals(KernelBuild.NOT_BUILT)) {
                notBuilt.add(path);
            } else {
                leftOut.merge(why.get(), 1, Integer::sum);
            }
        }
        List<String> ownHeaders = tree.headers(resolved.scope()).stream()
                .filter(path -> kernel.leftOut(path).isEmpty()).toList();
        for (String path : ownHeaders) {
            jobs.add(new Job(Role.SCOPE_HEADER, path, sizeOf(tree, path)));
        }
        phases.lap("list");
        TreeScanner scanner = resolved == options ? this
                : new TreeScanner(resolved, progress, cache, reusable, updatable, base, changed);
        Map<Job, FileFacts> parsed = scanner.parseAll(tree, jobs, skipped);
        // A .c file kbuild does not compile may be #include'd by one it does (uhci-q.c by uhci-hcd.c): it is
        // compiled then, as part of its includer, round after round as such files include more.
        Map<String, String> included = new java.util.TreeMap<>();
        for (List<Job> round = includedSources(parsed.values(), notBuilt, included); !round.isEmpty();
                round = includedSources(ofRole(round, parsed, Role.SOURCE), notBuilt, included)) {
            jobs.addAll(round);
            parsed.putAll(scanner.parseAll(tree, round, skipped));
        }
        notBuilt.removeAll(included.keySet());
        if (!notBuilt.isEmpty()) {
            leftOut.put(KernelBuild.NOT_BUILT, notBuilt.size());
        }
        phases.lap("parse");
        return scanner.finish(tree, start, phases, ofRole(jobs, parsed, Role.SOURCE),
                ofRole(jobs, parsed, Role.SCOPE_HEADER), new HashSet<>(ownHeaders), skipped,
                java.util.Optional.empty(), kernel, included, leftOut, options.config());
    }

    /**
     * The options with the configuration the tree's own Kconfig gives when no .config was: one kernel of the
     * architecture with every option on that can be (see {@link DefaultConfiguration}). A tree without Kconfig keeps
     * fast mode's every-symbol-mentioned configuration.
     */
    public static ScanOptions resolve(SourceTree tree, ScanOptions options) {
        KbuildWalker.requireArchitecture(tree, options.arch());
        if (!options.config().isUnresolvedDefault()) {
            return options;
        }
        return DefaultConfiguration.of(tree, options.arch())
                .map(d -> options.withConfig(KernelConfig.fromDefaults(d, options.arch()))).orElse(options);
    }

    /**
     * The scope's C files kbuild does not compile that the {@code parsed} files {@code #include} (and are not yet
     * in {@code included}), as jobs; each is recorded in {@code included} with the file that includes it.
     */
    private List<Job> includedSources(java.util.Collection<FileFacts> parsed, Set<String> notBuilt,
            Map<String, String> included) {
        List<Job> out = new ArrayList<>();
        for (FileFacts facts : parsed) {
            for (FileFacts.Include include : facts.includes()) {
                if (include.system() || !include.name().endsWith(".c")) {
                    continue;
                }
                String path = dev.kreach.analyzer.graph.IncludePaths.resolve(facts.path(), include);
                if (notBuilt.contains(path) && !included.containsKey(path)) {
                    included.put(path, facts.path());
                    out.add(new Job(Role.SOURCE, path, 0));
                }
            }
        }
        out.sort(Comparator.comparing(Job::path));
        return out;
    }

    /**
     * Both modes from parsed facts on: the include/ headers read for types (never one of {@code ownPaths}, the scope's
     * own headers, analysed already), the call graph, and the result.
     */
    private ScanResult finish(SourceTree tree, long start, Phases phases, List<FileFacts> sources,
            List<FileFacts> scopeHeaders, Set<String> ownPaths, List<SkippedFile> skipped,
            java.util.Optional<BuildInfo> build, KernelBuild kernel, Map<String, String> included,
            Map<String, Integer> leftOut, KernelConfig bodiesConfig) {
        List<FileFacts> units = new ArrayList<>(sources);
        units.addAll(scopeHeaders);
        TypeHeaders headers = new TypeHeaders(units, TYPE_HEADER_DEPTH,
                path -> ownPaths.contains(path) ? null : readOrNull(tree, path));
        List<FileFacts> types = readTypeHeaders(tree, units, headers);
        phases.lap("types");
        // After a patch, the previous scan's graph is updated: only the calls the patch can change are resolved again.
        IncrementalGraph incremental = base != null ? base.update(units, types)
                : updatable ? new CallGraphBuilder(options.models()).buildUpdatable(units, types) : null;
        CallGraph graph = incremental != null ? incremental.graph()
                : new CallGraphBuilder(options.models()).build(units, types);
        phases.lap("graph");
        for (dev.kreach.analyzer.source.Unlisted entry : tree.unlisted()) {
            if (options.scope().contains(entry.path())) {
                skipped.add(new SkippedFile(entry.path(), entry.reason()));
            }
        }
        skipped.sort(Comparator.comparing(SkippedFile::path));
        return new ScanResult(tree.displayName(), tree.kernelVersion(), options, sources, scopeHeaders, types,
                List.copyOf(skipped), graph, Duration.ofNanos(System.nanoTime() - start), phases.durations(), build,
                kernel.withIncluded(included), leftOut,
                FunctionBodies.forScope(tree, bodiesConfig, cache == null ? null : cache.withOwnCounts(),
                        units, types, base == null ? null : base.units()), dev.kreach.analyzer.model.ModelPlaces.locate(tree, options.models()),
                java.util.Optional.ofNullable(incremental), kernel);
    }

    /**
     * Build mode: the plan's translation units parsed with their own command lines, in parallel; the scope headers'
     * facts from the first unit (in path order) that includes each; scoped C files the build did not compile listed,
     * or parsed in fast mode with {@code --fallback fast}. Types and graph as in fast mode.
     */
    public ScanResult scanBuild(SourceTree tree, BuildPlan plan) {
        long start = System.nanoTime();
        Phases phases = new Phases();
        List<SkippedFile> skipped = new ArrayList<>();
        HeaderFiles headerFiles = new HeaderFiles(options.models().modelledNames());
        PredefinedMacros predefined = new PredefinedMacros();
        HeaderVersions versions = plan.reuseHeaders() ? HeaderVersions.shared() : HeaderVersions.none();
        // The build's .config gives the literals of #if branches and kbuild's condition of each file; without one,
        // neither is known and findings name no configuration.
        KernelConfig buildConfig = plan.dotConfig().map(KernelConfig::ofBuild).orElse(null);
        UnitExtractor extractor = new UnitExtractor(new BuildParser(headerFiles, predefined, versions,
                options.budget()), plan.root(), options.scope(), buildConfig);
        Set<String> built = new HashSet<>();
        plan.units().forEach(u -> built.add(u.path()));
        List<String> notBuilt = tree.cFiles(options.scope()).stream().filter(p -> !built.contains(p)).sorted()
                .toList();
        phases.lap("list");
        Map<BuildPlan.Unit, UnitExtractor.UnitFacts> units = inParallel(byDirectoryInTurn(plan.units()),
                extractor::extract, BuildPlan.Unit::path, skipped);
        headerFiles.unreadable().forEach((header, why) -> {
            Path file = Path.of(header).toAbsolutePath().normalize();
            Path root = plan.root().toAbsolutePath().normalize();
            String shown = file.startsWith(root) ? root.relativize(file).toString() : header;
            skipped.add(new SkippedFile(shown, "unreadable: " + why + "; every include of it read as missing"));
        });
        List<FileFacts> sources = new ArrayList<>();
        Map<String, FileFacts> scopeHeaderFacts = new java.util.TreeMap<>();
        for (BuildPlan.Unit planned : plan.units()) {
            UnitExtractor.UnitFacts unit = units.get(planned);
            if (unit != null) {
                sources.add(unit.source());
                // A scope header's facts are those of the first unit in path order that includes it.
                unit.scopeHeaders().forEach(scopeHeaderFacts::putIfAbsent);
            }
        }
        List<String> fallback = List.of();
        if (plan.fastFallback() && !notBuilt.isEmpty()) {
            KernelParser fast = new KernelParser(buildConfig != null ? buildConfig : options.config(),
                    options.budget());
            sources.addAll(inParallel(notBuilt, path -> fast.parse(read(tree, path)), path -> path, skipped).values());
            fallback = notBuilt;
        }
        sources.sort(Comparator.comparing(FileFacts::path));
        phases.lap("parse");
        BuildInfo info = new BuildInfo(plan.input(), plan.root().toString(), tree.kernelVersion(), plan.dotConfigSha256(),
                plan.dotConfig().map(Path::toString), plan.units().size(), headerFiles.count(), notBuilt, fallback,
                java.util.Optional.ofNullable(predefined.guessed()), versions.replayed(), versions.read());
        return finish(tree, start, phases, sources, new ArrayList<>(scopeHeaderFacts.values()),
                scopeHeaderFacts.keySet(), skipped, java.util.Optional.of(info), buildConfig == null
                        ? KernelBuild.withoutKbuild(options.arch())
                        : KbuildWalker.evaluate(tree, options.arch(), buildConfig, options.scope()), Map.of(), Map.of(),
                buildConfig != null ? buildConfig : options.config());
    }

    /**
     * The units in the order they are handed to the threads: one directory's, then the next's, in turn. The first
     * units read nearly every header they include, and two units of one directory include nearly the same headers:
     * started side by side, both threads would preprocess and record the same headers at once. Units of different
     * directories (fs/ceph, net/ceph) share fewer.
     */
    private static List<BuildPlan.Unit> byDirectoryInTurn(List<BuildPlan.Unit> units) {
        Map<String, java.util.ArrayDeque<BuildPlan.Unit>> byDirectory = new java.util.TreeMap<>();
        for (BuildPlan.Unit unit : units) {
            String path = unit.path();
            byDirectory.computeIfAbsent(path.substring(0, Math.max(0, path.lastIndexOf('/'))),
                    d -> new java.util.ArrayDeque<>()).add(unit);
        }
        List<BuildPlan.Unit> order = new ArrayList<>(units.size());
        while (order.size() < units.size()) {
            for (java.util.ArrayDeque<BuildPlan.Unit> queue : byDirectory.values()) {
                if (!queue.isEmpty()) {
                    order.add(queue.poll());
                }
            }
        }
        return order;
    }

    /** A step that may fail on one input, which is then reported as skipped. */
    private interface Step<I, O> {
        O apply(I input) throws Exception;
    }

    /**
     * Runs {@code step} on every input on all cores, in the inputs' order; results by input in that order, failures
     * added to {@code skipped} instead.
     */
    private <I, O> Map<I, O> inParallel(List<I> inputs, Step<I, O> step, java.util.function.Function<I, String> path,
            List<SkippedFile> skipped) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kreach-parse");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<O>> futures = new ArrayList<>();
            for (I input : inputs) {
                futures.add(pool.submit(() -> {
                    O out = step.apply(input);
                    progress.progress("parsing", done.incrementAndGet(), inputs.size());
                    return out;
                }));
            }
            Map<I, O> out = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    out.put(inputs.get(i), futures.get(i).get());
                } catch (ExecutionException failure) {
                    if (failure.getCause() instanceof OutOfMemoryError heap) {
                        // The heap's size, not the file: which file runs out depends on what ran beside it. A file
                        // that alone needs too much is stopped by its parse budget first.
                        throw heap;
                    }
                    String file = path.apply(inputs.get(i));
                    skipped.add(new SkippedFile(file, reason(file, failure.getCause())));
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Field types the scope's own files leave open come from include/ headers, read (not preprocessed) only where
     * they define a struct or function a type walk needs, round by round as the walks get further. A type header
     * that cannot be parsed costs only precision (field calls fall back to the field name), so it is not reported.
     */
    private List<FileFacts> readTypeHeaders(SourceTree tree, List<FileFacts> units, TypeHeaders headers) {
        List<FileFacts> types = new ArrayList<>();
        Set<String> read = new HashSet<>();
        List<FileFacts> known = new ArrayList<>(units);
        // Files that come without their calls (a saved graph's) have what their calls demand saved with the graph.
        java.util.function.Function<FileFacts, List<dev.kreach.analyzer.facts.TypeRef>> callTypes = base != null
                ? base::callTypesOf : TypeDemand::callTypes;
        for (List<String> round = headers.answering(TypeDemand.of(units, callTypes, known), read); !round.isEmpty();
                round = headers.answering(TypeDemand.of(units, callTypes, known), read)) {
            List<Job> typeJobs = round.stream().map(path -> new Job(Role.TYPE_HEADER, path, 0)).toList();
            read.addAll(round);
            List<FileFacts> roundFacts = ofRole(typeJobs, parseAll(tree, typeJobs, new ArrayList<>()),
                    Role.TYPE_HEADER);
            types.addAll(roundFacts);
            known.addAll(roundFacts);
        }
        types.sort(Comparator.comparing(FileFacts::path));
        return types;
    }

    /** Wall time of each stage, for stats and benchmarks. */
    private static final class Phases {
        private final Map<String, Duration> durations = new LinkedHashMap<>();
        private long last = System.nanoTime();

        void lap(String name) {
            long now = System.nanoTime();
            durations.put(name, Duration.ofNanos(now - last));
            last = now;
        }

        Map<String, Duration> durations() {
            return durations;
        }
    }

    /**
     * For ordering the parses only: a file that cannot be sized is read (and reported) like any other, and one whose
     * facts an earlier scan left (unchanged since) is not parsed, so it is not sized either.
     */
    private long sizeOf(SourceTree tree, String path) {
        if (changed != null && !changed.contains(path) && reusable.containsKey(path)) {
            return 0;
        }
        try {
            return tree.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    /** A header for the type index, or null: an unusable one costs only precision, so it is not reported. */
    private static SourceFile readOrNull(SourceTree tree, String path) {
        try {
            return read(tree, path);
        } catch (Unreadable e) {
            return null;
        }
    }

    /** Why a file yields no facts, before the parser is asked. */
    private static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    private static SourceFile read(SourceTree tree, String path) throws Unreadable {
        SourceFile file;
        try {
            file = tree.read(path);
        } catch (IOException e) {
            throw new Unreadable("unreadable: " + e.getMessage());
        }
        if (file.looksBinary()) {
            throw new Unreadable("binary file, not C source");
        }
        return file;
    }

    private Map<Job, FileFacts> parseAll(SourceTree tree, List<Job> jobs, List<SkippedFile> skipped) {
        KernelParser parser = new KernelParser(options.config(), options.budget());
        List<Job> bySize = new ArrayList<>(jobs);
        bySize.sort(Comparator.comparingLong((Job j) -> -j.size()).thenComparing(Job::path));
        List<SkippedFile> failed = new ArrayList<>();
        Map<Job, FileFacts> out = inParallel(bySize, job -> factsOf(tree, parser, job), Job::path, failed);
        // An include/ header read for types costs only precision when it fails: not reported.
        Set<String> typeHeaders = new HashSet<>();
        jobs.stream().filter(j -> j.role() == Role.TYPE_HEADER).forEach(j -> typeHeaders.add(j.path()));
        failed.stream().filter(f -> !typeHeaders.contains(f.path())).forEach(skipped::add);
        return out;
    }

    /** Why {@code file} was skipped, without its name again when the message starts with it. */
    private static String reason(String file, Throwable cause) {
        String why = cause instanceof UnparsableFileException || cause instanceof Unreadable ? cause.getMessage()
                : "parser failed: " + cause;
        return why.startsWith(file + ": ") ? why.substring(file.length() + 2) : why;
    }

    /**
     * Facts of the previous scan when the file is unchanged, else of the cache when it holds them, else parsed (and
     * stored in the cache).
     */
    private FileFacts factsOf(SourceTree tree, KernelParser parser, Job job)
            throws Unreadable, UnparsableFileException {
        FileFacts known = reusable.get(job.path());
        if (known != null && changed != null && !changed.contains(job.path())) {
            return known;
        }
        SourceFile file = read(tree, job.path());
        if (known != null && known.sha256().equals(file.sha256())) {
            return known;
        }
        boolean declarationsOnly = job.role() == Role.TYPE_HEADER;
        String key = null;
        if (cache != null) {
            key = cacheKey(file.path(), file.sha256(), declarationsOnly, options);
            java.util.Optional<FileFacts> cached = cache.get(key);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        return parse(parser, file, declarationsOnly, cache, key);
    }

    /** Where the facts cache keeps a file's facts, parsed whole or for declarations only, under {@code options}. */
    private static String cacheKey(String path, String sha256, boolean declarationsOnly, ScanOptions options) {
        return FactsCache.key(path, sha256, declarationsOnly ? "declarations" : "full", options.config().fingerprint());
    }

    /** {@code file} parsed, its facts stored under {@code key} when there is a cache. */
    private static FileFacts parse(KernelParser parser, SourceFile file, boolean declarationsOnly, FactsCache cache,
            String key) throws UnparsableFileException {
        FileFacts facts = declarationsOnly ? parser.parseDeclarations(file) : parser.parse(file);
        if (cache != null) {
            cache.put(key, facts);
        }
        return facts;
    }

    /**
     * Where a graph read back from disk finds the calls of a file of {@code tree} it holds without them (scanned
     * with {@code options}): the facts cache, else the file parsed again.
     */
    public static IncrementalGraph.CallSource callsIn(SourceTree tree, ScanOptions options, FactsCache cache) {
        KernelParser parser = new KernelParser(options.config(), options.budget());
        return unit -> {
            try {
                String key = cacheKey(unit.path(), unit.sha256(), false, options);
                java.util.Optional<FileFacts> cached = cache == null ? java.util.Optional.empty() : cache.get(key);
                if (cached.isPresent()) {
                    return cached.get().calls();
                }
                SourceFile file = read(tree, unit.path());
                if (!file.sha256().equals(unit.sha256())) {
                    throw new IOException(unit.path() + " changed since its graph was saved");
                }
                return parse(parser, file, false, cache, key).calls();
            } catch (Unreadable | UnparsableFileException e) {
                throw new java.io.UncheckedIOException(new IOException(unit.path() + ": " + e.getMessage(), e));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private static List<FileFacts> ofRole(List<Job> jobs, Map<Job, FileFacts> parsed, Role role) {
        List<FileFacts> out = new ArrayList<>();
        for (Job job : jobs) {
            FileFacts facts = parsed.get(job);
            if (job.role() == role && facts != null) {
                out.add(facts);
            }
        }
        return out;
    }
}

package dev.kreach.analyzer;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.CallGraphBuilder;
import dev.kreach.analyzer.graph.TypeDemand;
import dev.kreach.analyzer.parse.KernelParser;
import dev.kreach.analyzer.parse.UnparsableFileException;
import dev.kreach.analyzer.source.SourceFile;
import dev.kreach.analyzer.source.SourceTree;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sources to graph: parses the scope's C files and own headers, and the include/ headers they name (for struct
 * layouts only), on all cores, largest file first so one big file does not finish last; then builds the call graph.
 * Output order never depends on thread timing.
 */
public final class TreeScanner {
    /** Scope files name include/ headers (depth 1), which name more (depth 2); deeper is the rest of the kernel. */
    private static final int TYPE_HEADER_DEPTH = 1;

    private final ScanOptions options;
    private final ProgressListener progress;
    private final Map<String, FileFacts> reusable = new java.util.HashMap<>();

    public TreeScanner(ScanOptions options, ProgressListener progress) {
        this.options = options;
        this.progress = progress;
    }

    private enum Role { SOURCE, SCOPE_HEADER, TYPE_HEADER }

    private record Job(Role role, SourceFile file) {
    }

    public ScanResult scan(SourceTree tree) {
        return scan(tree, null);
    }

    /**
     * Scans {@code tree}, reusing the facts of {@code previous} (a scan with the same options) for every file whose
     * bytes are unchanged: after a patch series only the files it touches are parsed again.
     */
    public ScanResult scan(SourceTree tree, ScanResult previous) {
        reusable.clear();
        if (previous != null) {
            for (FileFacts facts : previous.allFacts()) {
                reusable.put(facts.path(), facts);
            }
        }
        long start = System.nanoTime();
        Phases phases = new Phases();
        List<SkippedFile> skipped = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        for (String path : tree.cFiles(options.scope())) {
            read(tree, path, skipped).ifPresent(f -> jobs.add(new Job(Role.SOURCE, f)));
        }
        List<String> ownHeaders = tree.headers(options.scope());
        for (String path : ownHeaders) {
            read(tree, path, skipped).ifPresent(f -> jobs.add(new Job(Role.SCOPE_HEADER, f)));
        }
        phases.lap("read");
        // Indexing the include/ headers needs only the texts, so it runs beside the parse.
        Set<String> ownPaths = new HashSet<>(ownHeaders);
        List<SourceFile> scopeFiles = jobs.stream().map(Job::file).toList();
        CompletableFuture<TypeHeaders> headerIndex = CompletableFuture.supplyAsync(() -> new TypeHeaders(scopeFiles,
                TYPE_HEADER_DEPTH, path -> ownPaths.contains(path) ? null
                        : read(tree, path, new ArrayList<>()).orElse(null)));
        Map<Job, FileFacts> parsed = parseAll(jobs, skipped);
        phases.lap("parse");
        List<FileFacts> sources = ofRole(jobs, parsed, Role.SOURCE);
        List<FileFacts> scopeHeaders = ofRole(jobs, parsed, Role.SCOPE_HEADER);
        List<FileFacts> units = new ArrayList<>(sources);
        units.addAll(scopeHeaders);

        List<FileFacts> types = readTypeHeaders(units, headerIndex.join());
        phases.lap("types");
        CallGraph graph = new CallGraphBuilder(options.models()).build(units, types);
        phases.lap("graph");
        skipped.sort(Comparator.comparing(SkippedFile::path));
        return new ScanResult(tree.displayName(), tree.kernelVersion(), options, sources, scopeHeaders, types,
                List.copyOf(skipped), graph, Duration.ofNanos(System.nanoTime() - start), phases.durations());
    }

    /**
     * Field types the scope's own files leave open come from include/ headers, read (not preprocessed) only where
     * they define a struct or function a type walk needs, round by round as the walks get further. A type header
     * that cannot be parsed costs only precision (field calls fall back to the field name), so it is not reported.
     */
    private List<FileFacts> readTypeHeaders(List<FileFacts> units, TypeHeaders headers) {
        List<FileFacts> types = new ArrayList<>();
        Set<String> read = new HashSet<>();
        List<FileFacts> known = new ArrayList<>(units);
        for (List<SourceFile> round = headers.answering(TypeDemand.of(units, known), read); !round.isEmpty();
                round = headers.answering(TypeDemand.of(units, known), read)) {
            List<Job> typeJobs = round.stream().map(f -> new Job(Role.TYPE_HEADER, f)).toList();
            round.forEach(f -> read.add(f.path()));
            List<FileFacts> roundFacts = ofRole(typeJobs, parseAll(typeJobs, new ArrayList<>()), Role.TYPE_HEADER);
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

    private static java.util.Optional<SourceFile> read(SourceTree tree, String path, List<SkippedFile> skipped) {
        SourceFile file;
        try {
            file = tree.read(path);
        } catch (IOException e) {
            skipped.add(new SkippedFile(path, "unreadable: " + e.getMessage()));
            return java.util.Optional.empty();
        }
        if (file.looksBinary()) {
            skipped.add(new SkippedFile(path, "binary file, not C source"));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(file);
    }

    private Map<Job, FileFacts> parseAll(List<Job> jobs, List<SkippedFile> skipped) {
        KernelParser parser = new KernelParser(options.config());
        List<Job> bySize = new ArrayList<>(jobs);
        bySize.sort(Comparator.comparingInt((Job j) -> -j.file().bytes().length).thenComparing(j -> j.file().path()));
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kreach-parse");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        try {
            Map<Job, Future<FileFacts>> futures = new LinkedHashMap<>();
            for (Job job : bySize) {
                FileFacts known = reusable.get(job.file().path());
                if (known != null && known.sha256().equals(job.file().sha256())) {
                    futures.put(job, java.util.concurrent.CompletableFuture.completedFuture(known));
                    continue;
                }
                futures.put(job, pool.submit(() -> {
                    FileFacts facts = job.role() == Role.TYPE_HEADER ? parser.parseDeclarations(job.file())
                            : parser.parse(job.file());
                    progress.progress("parsing", done.incrementAndGet(), jobs.size());
                    return facts;
                }));
            }
            Map<Job, FileFacts> out = new LinkedHashMap<>();
            for (Map.Entry<Job, Future<FileFacts>> e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException failure) {
                    if (e.getKey().role() != Role.TYPE_HEADER) {
                        Throwable cause = failure.getCause();
                        skipped.add(new SkippedFile(e.getKey().file().path(), cause instanceof UnparsableFileException
                                ? cause.getMessage() : "parser failed: " + cause));
                    }
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

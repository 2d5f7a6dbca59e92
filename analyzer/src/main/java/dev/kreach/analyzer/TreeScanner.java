package dev.kreach.analyzer;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.CallGraphBuilder;
import dev.kreach.analyzer.graph.IncludePaths;
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
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sources to graph: parses the scope's C files and own headers, and the include/ headers they name (for struct
 * layouts only), on all cores, largest file first so one big file does not finish last; then builds the call graph.
 * Output order never depends on thread timing.
 */
public final class TreeScanner {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s*([<\"])([^>\"]+)[>\"]");

    private final ScanOptions options;
    private final ProgressListener progress;

    public TreeScanner(ScanOptions options, ProgressListener progress) {
        this.options = options;
        this.progress = progress;
    }

    private enum Role { SOURCE, SCOPE_HEADER, TYPE_HEADER }

    private record Job(Role role, SourceFile file) {
    }

    public ScanResult scan(SourceTree tree) {
        long start = System.nanoTime();
        List<SkippedFile> skipped = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        for (String path : tree.cFiles(options.scope())) {
            read(tree, path, skipped).ifPresent(f -> jobs.add(new Job(Role.SOURCE, f)));
        }
        List<String> ownHeaders = tree.headers(options.scope());
        for (String path : ownHeaders) {
            read(tree, path, skipped).ifPresent(f -> jobs.add(new Job(Role.SCOPE_HEADER, f)));
        }
        // Field types come from the include/ headers the scope names; they are read, not preprocessed. A type header
        // that cannot be read costs only precision (field calls fall back to the field name), so it is not reported.
        TreeSet<String> typeHeaders = new TreeSet<>();
        for (Job job : jobs) {
            Matcher m = INCLUDE.matcher(job.file().text());
            while (m.find()) {
                String path = IncludePaths.resolve(job.file().path(),
                        new FileFacts.Include(m.group(2), m.group(1).equals("<")));
                if (path.startsWith("include/") && !ownHeaders.contains(path) && tree.exists(path)) {
                    typeHeaders.add(path);
                }
            }
        }
        for (String path : typeHeaders) {
            read(tree, path, new ArrayList<>()).ifPresent(f -> jobs.add(new Job(Role.TYPE_HEADER, f)));
        }

        Map<Job, FileFacts> parsed = parseAll(jobs, skipped);
        List<FileFacts> sources = ofRole(jobs, parsed, Role.SOURCE);
        List<FileFacts> scopeHeaders = ofRole(jobs, parsed, Role.SCOPE_HEADER);
        List<FileFacts> types = ofRole(jobs, parsed, Role.TYPE_HEADER);
        List<FileFacts> units = new ArrayList<>(sources);
        units.addAll(scopeHeaders);
        CallGraph graph = new CallGraphBuilder(options.models()).build(units, types);
        skipped.sort(Comparator.comparing(SkippedFile::path));
        return new ScanResult(tree.displayName(), tree.kernelVersion(), options, sources, scopeHeaders, types,
                List.copyOf(skipped), graph, Duration.ofNanos(System.nanoTime() - start));
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

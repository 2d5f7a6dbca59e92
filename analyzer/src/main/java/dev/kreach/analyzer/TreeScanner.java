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
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sources to graph: parses the scope's C files and own headers in parallel, reads the include/ headers they name
 * for struct layouts, and builds the call graph. Output order never depends on thread timing.
 */
public final class TreeScanner {
    private final ScanOptions options;
    private final ProgressListener progress;

    public TreeScanner(ScanOptions options, ProgressListener progress) {
        this.options = options;
        this.progress = progress;
    }

    public ScanResult scan(SourceTree tree) {
        long start = System.nanoTime();
        KernelParser parser = new KernelParser(options.config());
        List<SkippedFile> skipped = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> cFiles = tree.cFiles(options.scope());
        List<String> ownHeaders = tree.headers(options.scope());
        List<FileFacts> sources = parseAll(tree, parser, cFiles, skipped, "parsing");
        List<FileFacts> scopeHeaders = parseAll(tree, parser, ownHeaders, skipped, "parsing headers");

        // Types of fields come from the include/ headers the scope names; they are read, not preprocessed.
        TreeSet<String> typeHeaderPaths = new TreeSet<>();
        for (FileFacts facts : concat(sources, scopeHeaders)) {
            for (FileFacts.Include include : facts.includes()) {
                String path = IncludePaths.resolve(facts.path(), include);
                if (path.startsWith("include/") && !ownHeaders.contains(path) && tree.exists(path)) {
                    typeHeaderPaths.add(path);
                }
            }
        }
        List<FileFacts> typeHeaders = parseAll(tree, parser, List.copyOf(typeHeaderPaths), new ArrayList<>(),
                "reading types");

        CallGraph graph = new CallGraphBuilder(options.models()).build(concat(sources, scopeHeaders), typeHeaders);
        List<SkippedFile> sortedSkipped = skipped.stream()
                .sorted(java.util.Comparator.comparing(SkippedFile::path)).toList();
        return new ScanResult(tree.displayName(), tree.kernelVersion(), options, sources, scopeHeaders, typeHeaders,
                sortedSkipped, graph, Duration.ofNanos(System.nanoTime() - start));
    }

    private List<FileFacts> parseAll(SourceTree tree, KernelParser parser, List<String> paths,
            Collection<SkippedFile> skipped, String stage) {
        AtomicInteger done = new AtomicInteger();
        return paths.parallelStream().map(path -> {
            FileFacts facts = parseOne(tree, parser, path, skipped);
            progress.progress(stage, done.incrementAndGet(), paths.size());
            return facts;
        }).filter(Objects::nonNull).toList();
    }

    private static FileFacts parseOne(SourceTree tree, KernelParser parser, String path,
            Collection<SkippedFile> skipped) {
        SourceFile file;
        try {
            file = tree.read(path);
        } catch (IOException e) {
            skipped.add(new SkippedFile(path, "unreadable: " + e.getMessage()));
            return null;
        }
        if (file.looksBinary()) {
            skipped.add(new SkippedFile(path, "binary file, not C source"));
            return null;
        }
        try {
            return parser.parse(file);
        } catch (UnparsableFileException e) {
            skipped.add(new SkippedFile(path, e.getMessage()));
            return null;
        }
    }

    private static List<FileFacts> concat(List<FileFacts> a, List<FileFacts> b) {
        List<FileFacts> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

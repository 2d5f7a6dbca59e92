package dev.kreach.analyzer;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.FunctionFact;
import dev.kreach.analyzer.facts.ProblemFact;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.kbuild.Condition;
import dev.kreach.analyzer.kbuild.KernelBuild;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished scan: the facts of every analysed file, the headers read for types, what was skipped, and the graph.
 * {@code sources} are the scope's .c files; {@code scopeHeaders} its own headers (their inline functions are analysed
 * too); {@code typeHeaders} the include/ headers read only for struct layouts; {@code phases} the wall time of each
 * stage (read, parse, types, graph); {@code build}, in build mode, what build the scan was computed for;
 * {@code kernel}, the kernel of one architecture and configuration the scan describes (kbuild's file list and each
 * file's condition); {@code leftOut}, how many of the scope's C files are not part of that kernel, by reason;
 * {@code bodies}, the function bodies of the tree read again on demand, for checking chains hop by hop;
 * {@code modelPlaces}, where in the tree the modelled functions make their modelled calls; {@code updatable}, when
 * the scan was asked to keep it, what a later scan of the tree after a patch needs to update the graph instead of
 * building it again; {@code kbuild}, kbuild's own evaluation of the tree ({@code kernel} without the .c files that
 * compiled files include), which a scan of the tree after a patch that touches none of its inputs takes over.
 */
public record ScanResult(String tree, Optional<String> kernelVersion, ScanOptions options, List<FileFacts> sources,
        List<FileFacts> scopeHeaders, List<FileFacts> typeHeaders, List<SkippedFile> skipped, CallGraph graph,
        Duration elapsed, Map<String, Duration> phases, Optional<dev.kreach.analyzer.build.BuildInfo> build,
        KernelBuild kernel, Map<String, Integer> leftOut, dev.kreach.analyzer.body.FunctionBodies bodies,
        dev.kreach.analyzer.model.ModelPlaces modelPlaces,
        Optional<dev.kreach.analyzer.graph.IncrementalGraph> updatable, KernelBuild kbuild) {

    public ScanResult {
        phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
        leftOut = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(leftOut));
    }

    /**
     * What gives the configuration places rest on, sorted: for each place, the kbuild condition of its file and the
     * literals of the preprocessor branches its line lies in; empty when none rests on a {@code CONFIG_} option.
     * Build it once per report: it indexes the analysed files.
     */
    public java.util.function.Function<java.util.Collection<dev.kreach.analyzer.facts.Position>, List<String>>
            configurations() {
        Map<String, FileFacts> analysed = new java.util.HashMap<>();
        sources.forEach(f -> analysed.put(f.path(), f));
        scopeHeaders.forEach(f -> analysed.putIfAbsent(f.path(), f));
        return places -> {
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            for (dev.kreach.analyzer.facts.Position place : places) {
                conditionOf(place.file()).literals().forEach(l -> out.add(l.toString()));
                FileFacts facts = analysed.get(place.file());
                if (facts != null) {
                    out.addAll(facts.configurationAt(place.line()));
                }
            }
            return List.copyOf(out);
        };
    }

    /** What kbuild must be configured with for {@code path} to be compiled; true for a file it does not govern. */
    public Condition conditionOf(String path) {
        return kernel.conditionOf(path);
    }

    /** Every file's facts: sources, scope headers and the include/ headers read for types. */
    public List<FileFacts> allFacts() {
        return java.util.stream.Stream.of(sources, scopeHeaders, typeHeaders).flatMap(List::stream).toList();
    }

    /** The facts of an analysed file (a source or a scope header). */
    public Optional<FileFacts> file(String path) {
        return java.util.stream.Stream.concat(sources.stream(), scopeHeaders.stream())
                .filter(f -> f.path().equals(path)).findFirst();
    }

    public int sourceLines() {
        return sources.stream().mapToInt(FileFacts::lines).sum();
    }

    public int sourceFunctions() {
        return sources.stream().mapToInt(f -> f.functions().size()).sum();
    }

    public int cleanSourceFunctions() {
        return (int) sources.stream().flatMap(f -> f.functions().stream()).filter(FunctionFact::clean).count();
    }

    /** Problem nodes in the analysed files (sources and scope headers), in file order. */
    public List<ProblemFact> problems() {
        return java.util.stream.Stream.concat(sources.stream(), scopeHeaders.stream())
                .flatMap(f -> f.problems().stream()).sorted((a, b) -> a.where().compareTo(b.where())).toList();
    }

    /** What the parser lost in the analysed files (sources and scope headers), directory by directory. */
    public List<ParseGap> parseGaps() {
        return ParseGap.of(java.util.stream.Stream.concat(sources.stream(), scopeHeaders.stream()).toList(), skipped);
    }

    public int typeHeaderProblems() {
        return typeHeaders.stream().mapToInt(f -> f.problems().size()).sum();
    }
}

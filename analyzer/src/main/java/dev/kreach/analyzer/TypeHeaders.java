package dev.kreach.analyzer;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.graph.IncludePaths;
import dev.kreach.analyzer.graph.TypeDemand;
import dev.kreach.analyzer.source.SourceFile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The include/ headers a scan may read for types, and which of them define what. A text search over the headers
 * the scope names (and the headers those name) finds where each struct is defined and which functions are declared
 * to return a struct pointer; the scanner then parses only the headers that answer an open {@link TypeDemand}.
 * The search only chooses headers: every fact still comes from the parser.
 */
final class TypeHeaders {
    static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s*([<\"])([^>\"]+)[>\"]");
    // No \\b: it makes the JDK classify every character; a stray match only adds a candidate header.
    private static final Pattern STRUCT_DEFINITION = Pattern.compile("struct\\s+(\\w+)\\s*\\{");
    private static final Pattern STRUCT_RETURNING = Pattern.compile("struct\\s+(\\w+)\\s*\\*+\\s*(\\w+)\\s*\\(");

    /** Paths of the headers considered; their text is searched once, in the constructor, and not kept. */
    private final Set<String> candidates = new TreeSet<>();
    private final Map<String, Set<String>> definingStruct = new TreeMap<>();
    private final Map<String, Set<String>> declaringFunction = new TreeMap<>();

    /**
     * Include/ headers named by the {@code units} (their parsed includes), followed {@code depth} levels; deeper
     * levels search the headers' text for includes. {@code reader} gives a header's text, or null to leave it out.
     */
    TypeHeaders(Collection<FileFacts> units, int depth, java.util.function.Function<String, SourceFile> reader) {
        List<SourceFile> frontier = new ArrayList<>();
        List<SourceFile> searched = new ArrayList<>();
        for (FileFacts unit : units) {
            for (FileFacts.Include include : unit.includes()) {
                consider(IncludePaths.resolve(unit.path(), include), reader, frontier);
            }
        }
        searched.addAll(frontier);
        for (int level = 1; level < depth && !frontier.isEmpty(); level++) {
            List<SourceFile> next = new ArrayList<>();
            for (SourceFile file : frontier) {
                Matcher m = INCLUDE.matcher(file.latin1());
                while (m.find()) {
                    consider(IncludePaths.resolve(file.path(),
                            new FileFacts.Include(m.group(2), m.group(1).equals("<"))), reader, next);
                }
            }
            frontier = next;
            searched.addAll(next);
        }
        for (SourceFile header : searched) {
            String text = header.latin1();
            Matcher s = STRUCT_DEFINITION.matcher(text);
            while (s.find()) {
                definingStruct.computeIfAbsent(s.group(1), k -> new TreeSet<>()).add(header.path());
            }
            Matcher f = STRUCT_RETURNING.matcher(text);
            while (f.find()) {
                declaringFunction.computeIfAbsent(f.group(2), k -> new TreeSet<>()).add(header.path());
            }
        }
    }

    private void consider(String path, java.util.function.Function<String, SourceFile> reader,
            List<SourceFile> found) {
        if (path.startsWith("include/") && candidates.add(path)) {
            SourceFile header = reader.apply(path);
            if (header != null) {
                found.add(header);
            }
        }
    }

    /** The paths of candidate headers that could meet the demand, minus those already read. */
    List<String> answering(TypeDemand demand, Set<String> alreadyRead) {
        Set<String> paths = new TreeSet<>();
        demand.structs().forEach(tag -> paths.addAll(definingStruct.getOrDefault(tag, Set.of())));
        demand.functions().forEach(fn -> paths.addAll(declaringFunction.getOrDefault(fn, Set.of())));
        paths.removeAll(alreadyRead);
        return List.copyOf(paths);
    }

    int candidateCount() {
        return candidates.size();
    }
}

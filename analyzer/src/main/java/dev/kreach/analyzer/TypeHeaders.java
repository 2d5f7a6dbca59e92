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

    private final Map<String, SourceFile> candidates = new TreeMap<>();
    private final Map<String, Set<String>> definingStruct = new TreeMap<>();
    private final Map<String, Set<String>> declaringFunction = new TreeMap<>();

    /** Include/ headers named from {@code files}, followed {@code depth} levels. */
    TypeHeaders(Collection<SourceFile> files, int depth, java.util.function.Function<String, SourceFile> reader) {
        List<SourceFile> frontier = new ArrayList<>(files);
        for (int level = 0; level < depth && !frontier.isEmpty(); level++) {
            List<SourceFile> next = new ArrayList<>();
            for (SourceFile file : frontier) {
                Matcher m = INCLUDE.matcher(file.latin1());
                while (m.find()) {
                    String path = IncludePaths.resolve(file.path(),
                            new FileFacts.Include(m.group(2), m.group(1).equals("<")));
                    if (path.startsWith("include/") && !candidates.containsKey(path)) {
                        SourceFile header = reader.apply(path);
                        if (header != null) {
                            candidates.put(path, header);
                            next.add(header);
                        }
                    }
                }
            }
            frontier = next;
        }
        for (SourceFile header : candidates.values()) {
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

    /** The candidate headers that could meet the demand, minus those already read. */
    List<SourceFile> answering(TypeDemand demand, Set<String> alreadyRead) {
        Set<String> paths = new TreeSet<>();
        demand.structs().forEach(tag -> paths.addAll(definingStruct.getOrDefault(tag, Set.of())));
        demand.functions().forEach(fn -> paths.addAll(declaringFunction.getOrDefault(fn, Set.of())));
        paths.removeAll(alreadyRead);
        return paths.stream().map(candidates::get).toList();
    }

    int candidateCount() {
        return candidates.size();
    }
}

package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.FileFacts;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * Which static functions a file sees: its own, and those of the analysed files it includes, directly or through
 * other includes ({@code static inline} helpers of headers). A whole kernel has tens of thousands of headers and
 * every .c file reaches thousands of them, so visibility is not stored per file: each included file's transitive
 * include set is one bit set, computed once over the include graph's strongly connected components (include
 * guards allow cycles), and a name is looked up among the few included files that define a static of that name.
 */
final class StaticVisibility {
    private final Map<String, Map<String, FunctionId>> ownStatics;
    /** Files some analysed file includes, numbered. */
    private final Map<String, Integer> includable = new HashMap<>();
    /** For each numbered file: the numbers of everything it includes, itself included. */
    private final List<BitSet> closures = new ArrayList<>();
    /** Direct includes of every analysed file, as numbers of includable files. */
    private final Map<String, int[]> directIncludes = new HashMap<>();
    /** Static names defined in includable files: name to (file number, function), in file-path order. */
    private final Map<String, List<Map.Entry<Integer, FunctionId>>> includedStatics = new HashMap<>();

    /** Per thread (calls are resolved on all cores), the last file asked about and what it includes. */
    private final ThreadLocal<LastAnswer> last = ThreadLocal.withInitial(LastAnswer::new);

    private static final class LastAnswer {
        String file;
        BitSet closure;
    }

    /**
     * @param units analysed files, sorted by path
     * @param ownStatics for each unit, the static functions it defines or declares
     */
    StaticVisibility(List<FileFacts> units, Map<String, Map<String, FunctionId>> ownStatics) {
        this.ownStatics = ownStatics;
        Map<String, FileFacts> byPath = new HashMap<>();
        units.forEach(u -> byPath.put(u.path(), u));
        List<String> targets = new ArrayList<>();
        for (FileFacts unit : units) {
            for (FileFacts.Include include : unit.includes()) {
                String path = IncludePaths.resolve(unit.path(), include);
                if (byPath.containsKey(path) && !includable.containsKey(path)) {
                    includable.put(path, includable.size());
                    targets.add(path);
                }
            }
        }
        for (FileFacts unit : units) {
            directIncludes.put(unit.path(), unit.includes().stream()
                    .map(i -> includable.get(IncludePaths.resolve(unit.path(), i)))
                    .filter(java.util.Objects::nonNull).distinct().mapToInt(Integer::intValue).toArray());
        }
        computeClosures(targets);
        List<String> sorted = new ArrayList<>(targets);
        sorted.sort(null);
        for (String path : sorted) {
            int number = includable.get(path);
            ownStatics.getOrDefault(path, Map.of()).forEach((name, id) -> includedStatics
                    .computeIfAbsent(name, k -> new ArrayList<>()).add(Map.entry(number, id)));
        }
    }

    private void computeClosures(List<String> targets) {
        Graph<Integer, DefaultEdge> includes = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (int i = 0; i < targets.size(); i++) {
            includes.addVertex(i);
            closures.add(null);
        }
        for (int i = 0; i < targets.size(); i++) {
            for (int child : directIncludes.get(targets.get(i))) {
                if (child != i) {
                    includes.addEdge(i, child);
                }
            }
        }
        Graph<Graph<Integer, DefaultEdge>, DefaultEdge> condensed =
                new KosarajuStrongConnectivityInspector<>(includes).getCondensation();
        // Reverse topological order: a component's successors are done before it.
        List<Graph<Integer, DefaultEdge>> order = new ArrayList<>();
        new TopologicalOrderIterator<>(condensed).forEachRemaining(order::add);
        for (int i = order.size() - 1; i >= 0; i--) {
            Graph<Integer, DefaultEdge> component = order.get(i);
            BitSet closure = new BitSet(targets.size());
            for (int member : component.vertexSet()) {
                closure.set(member);
            }
            for (DefaultEdge out : condensed.outgoingEdgesOf(component)) {
                closure.or(closures.get(condensed.getEdgeTarget(out).vertexSet().iterator().next()));
            }
            for (int member : component.vertexSet()) {
                closures.set(member, closure);
            }
        }
    }

    /** The static function {@code name} as {@code file} sees it, or null when the name has external linkage there. */
    FunctionId resolve(String file, String name) {
        FunctionId own = ownStatics.getOrDefault(file, Map.of()).get(name);
        if (own != null) {
            return own;
        }
        List<Map.Entry<Integer, FunctionId>> candidates = includedStatics.get(name);
        if (candidates == null) {
            return null;
        }
        BitSet seen = closureOf(file);
        for (Map.Entry<Integer, FunctionId> candidate : candidates) {
            if (seen.get(candidate.getKey())) {
                return candidate.getValue();
            }
        }
        return null;
    }

    /**
     * The names of the statics of every analysed file that {@code file} includes, directly or not: the names whose
     * meaning in it (and in every file that includes it) can change when its includes do.
     */
    Set<String> staticsIncludedBy(String file) {
        BitSet closure = closureOf(file);
        Set<String> names = new HashSet<>();
        includedStatics.forEach((name, candidates) -> {
            for (Map.Entry<Integer, FunctionId> candidate : candidates) {
                if (closure.get(candidate.getKey())) {
                    names.add(name);
                    return;
                }
            }
        });
        return names;
    }

    /** Everything {@code file} includes. Callers go file by file, so each thread keeps its last answer. */
    private BitSet closureOf(String file) {
        LastAnswer answer = last.get();
        if (!file.equals(answer.file)) {
            BitSet closure = new BitSet(closures.size());
            for (int direct : directIncludes.getOrDefault(file, new int[0])) {
                closure.or(closures.get(direct));
            }
            answer.file = file;
            answer.closure = closure;
        }
        return answer.closure;
    }
}

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
        // Each include resolved once: a whole kernel has millions.
        List<String[]> resolved = new ArrayList<>(units.size());
        for (FileFacts unit : units) {
            String[] paths = new String[unit.includes().size()];
            for (int i = 0; i < paths.length; i++) {
                String path = IncludePaths.resolve(unit.path(), unit.includes().get(i));
                paths[i] = path;
                if (byPath.containsKey(path) && !includable.containsKey(path)) {
                    includable.put(path, includable.size());
                    targets.add(path);
                }
            }
            resolved.add(paths);
        }
        for (int u = 0; u < units.size(); u++) {
            String[] paths = resolved.get(u);
            int[] direct = new int[paths.length];
            int n = 0;
            for (String path : paths) {
                Integer number = includable.get(path);
                if (number != null && !contains(direct, n, number)) {
                    direct[n++] = number;
                }
            }
            directIncludes.put(units.get(u).path(), java.util.Arrays.copyOf(direct, n));
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

    private static boolean contains(int[] values, int n, int value) {
        for (int i = 0; i < n; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * Each includable file's closure, shared by the files of one strongly connected component of the include graph
     * (JGraphT finds them; its condensation, a subgraph object per component, cost a whole kernel more than the
     * closures themselves), a component's after those of the components it includes.
     */
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
        List<Set<Integer>> components = new KosarajuStrongConnectivityInspector<>(includes).stronglyConnectedSets();
        int[] componentOf = new int[targets.size()];
        for (int c = 0; c < components.size(); c++) {
            for (int member : components.get(c)) {
                componentOf[member] = c;
            }
        }
        // Depth first over the components, a component's closure made once all it includes have theirs.
        BitSet[] closureOf = new BitSet[components.size()];
        int[] stack = new int[components.size()];
        boolean[] entered = new boolean[components.size()];
        for (int root = 0; root < components.size(); root++) {
            if (closureOf[root] != null) {
                continue;
            }
            int depth = 0;
            stack[depth++] = root;
            while (depth > 0) {
                int c = stack[depth - 1];
                if (!entered[c]) {
                    entered[c] = true;
                    for (int member : components.get(c)) {
                        for (int child : directIncludes.get(targets.get(member))) {
                            int d = componentOf[child];
                            if (!entered[d]) {
                                stack[depth++] = d;
                            }
                        }
                    }
                    continue;
                }
                depth--;
                if (closureOf[c] != null) {
                    continue;
                }
                BitSet closure = new BitSet(targets.size());
                for (int member : components.get(c)) {
                    closure.set(member);
                    for (int child : directIncludes.get(targets.get(member))) {
                        int d = componentOf[child];
                        if (d != c) {
                            closure.or(closureOf[d]);
                        }
                    }
                }
                closureOf[c] = closure;
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            closures.set(i, closureOf[componentOf[i]]);
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

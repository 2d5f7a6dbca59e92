package dev.kreach.analyzer.graph;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What one computation read of a scan's graph and function bodies, recorded on its own thread while it runs
 * ({@link #record}): which files' bodies, which functions' calls, callers and definitions, which names, which
 * tables. A later scan of a patched tree can then tell, from what the patch changed ({@link GraphChange}), whether
 * the answer still holds without computing it again. A read of something no change can be narrowed to (the whole
 * graph) makes the answer one that never carries over.
 * <p>
 * The graph and the bodies note their reads here only while a recording is running on the thread asking, so a
 * computation that records nothing costs one thread-local lookup per read.
 */
public final class Reads {
    private static final ThreadLocal<Reads> CURRENT = new ThreadLocal<>();

    // Each set is made when first added to: most recordings (one per answer ValueTrace keeps) read little.
    private Set<String> files;
    private Set<FunctionId> calls;
    private Set<FunctionId> callers;
    private Set<FunctionId> definitions;
    /** Per name looked up, the functions spelled so then: a name's spellings change far more rarely than they are read. */
    private java.util.Map<String, List<FunctionId>> names;
    private Set<String> tables;
    private boolean deferrals;
    private boolean everything;
    /**
     * The recordings this one read too (those of answers computed or taken inside it), held, not copied: a trace
     * nests them deep and takes the same ones over again and again.
     */
    private List<Reads> within;
    /** All of it, once asked for (a recording is read only when complete). */
    private Reads flat;

    /** A value and what computing it read. */
    public record Recorded<T>(T value, Reads reads) {
    }

    /**
     * Runs {@code work} and records what it reads; a recording already running on this thread reads it too (an
     * answer computed inside another is part of what the outer one read).
     */
    public static <T> Recorded<T> record(Supplier<T> work) {
        Reads outer = CURRENT.get();
        Reads mine = new Reads();
        CURRENT.set(mine);
        try {
            return new Recorded<>(work.get(), mine);
        } finally {
            CURRENT.set(outer);
            if (outer != null) {
                outer.include(mine);
            }
        }
    }

    /** Counts {@code earlier}'s reads as read now, by whatever records on this thread: a cached answer's. */
    public static void replay(Reads earlier) {
        Reads current = CURRENT.get();
        if (current != null && earlier != null) {
            current.include(earlier);
        }
    }

    /** Reads of the body or file-scope initializers of {@code path} (with the headers beside it). */
    public static void file(String path) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.files = added(current.files, path);
        }
    }

    static void calls(FunctionId function) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.calls = added(current.calls, function);
        }
    }

    static void callers(FunctionId function) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.callers = added(current.callers, function);
        }
    }

    static void definition(FunctionId function) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.definitions = added(current.definitions, function);
        }
    }

    static void name(String name, List<FunctionId> spellings) {
        Reads current = CURRENT.get();
        if (current != null) {
            if (current.names == null) {
                current.names = new java.util.HashMap<>();
            }
            current.names.putIfAbsent(name, List.copyOf(spellings));
        }
    }

    /** A {@code struct.field} entry of the binding tables. */
    static void table(String key) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.tables = added(current.tables, key);
        }
    }

    static void deferrals() {
        Reads current = CURRENT.get();
        if (current != null) {
            current.deferrals = true;
        }
    }

    /** A read of all of it (every file's text, the whole graph): no change can leave its answer standing. */
    public static void everything() {
        Reads current = CURRENT.get();
        if (current != null) {
            current.everything = true;
        }
    }

    private static <T> Set<T> added(Set<T> set, T t) {
        Set<T> out = set == null ? new HashSet<>() : set;
        out.add(t);
        return out;
    }

    private void include(Reads other) {
        if (within == null) {
            within = new java.util.ArrayList<>();
        }
        if (within.isEmpty() || within.get(within.size() - 1) != other) {
            within.add(other);
        }
    }

    /** This recording with every one it holds folded in, each once. */
    private Reads flat() {
        if (within == null) {
            return this;
        }
        if (flat == null) {
            Reads out = new Reads();
            Set<Reads> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            java.util.ArrayDeque<Reads> todo = new java.util.ArrayDeque<>(List.of(this));
            while (!todo.isEmpty()) {
                Reads next = todo.pop();
                if (seen.add(next)) {
                    out.addOwn(next);
                    if (next.within != null) {
                        next.within.forEach(todo::push);
                    }
                }
            }
            flat = out;
        }
        return flat;
    }

    private void addOwn(Reads other) {
        files = all(files, other.files);
        calls = all(calls, other.calls);
        callers = all(callers, other.callers);
        definitions = all(definitions, other.definitions);
        if (other.names != null) {
            if (names == null) {
                names = new java.util.HashMap<>();
            }
            other.names.forEach(names::putIfAbsent);
        }
        tables = all(tables, other.tables);
        deferrals |= other.deferrals;
        everything |= other.everything;
    }

    private static <T> Set<T> all(Set<T> set, Set<T> more) {
        if (more == null || more.isEmpty()) {
            return set;
        }
        Set<T> out = set == null ? new HashSet<>() : set;
        out.addAll(more);
        return out;
    }

    /**
     * Whether an answer that read this still holds after {@code change}, which made {@code graph}; {@code fileChanged}
     * tells whether a file's bodies may read otherwise (the file, or a header beside it, changed). Names are asked
     * of {@code graph} again: a name whose spellings are as they were reads as it did.
     */
    public boolean holdsAfter(GraphChange change, CallGraph graph, Predicate<String> fileChanged) {
        return flat().holdsOwn(change, graph, fileChanged);
    }

    private boolean holdsOwn(GraphChange change, CallGraph graph, Predicate<String> fileChanged) {
        if (everything || (deferrals && change.deferrals())) {
            return false;
        }
        for (String file : orEmpty(files)) {
            if (fileChanged.test(file)) {
                return false;
            }
        }
        if (!(none(calls, change.calls()) && none(callers, change.called()) && none(definitions, change.defined())
                && none(tables, change.tables()))) {
            return false;
        }
        for (java.util.Map.Entry<String, List<FunctionId>> e : (names == null
                ? java.util.Map.<String, List<FunctionId>>of() : names).entrySet()) {
            if (!graph.named(e.getKey()).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the two sets share nothing; the smaller is walked. */
    private static <T> boolean none(Set<T> read, Set<T> changed) {
        if (read == null) {
            return true;
        }
        Set<T> small = read.size() < changed.size() ? read : changed;
        Set<T> big = small == read ? changed : read;
        for (T t : small) {
            if (big.contains(t)) {
                return false;
            }
        }
        return true;
    }

    /** What a recording holds, each set sorted: for saving it. */
    public record Parts(List<String> files, List<FunctionId> calls, List<FunctionId> callers,
            List<FunctionId> definitions, java.util.SortedMap<String, List<FunctionId>> names, List<String> tables,
            boolean deferrals, boolean everything) {
    }

    public Parts parts() {
        Reads all = flat();
        return new Parts(sorted(all.files), sorted(all.calls), sorted(all.callers), sorted(all.definitions),
                all.names == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(all.names),
                sorted(all.tables), all.deferrals, all.everything);
    }

    /** A recording as {@link #parts} gave it. */
    public static Reads of(Parts parts) {
        Reads reads = new Reads();
        reads.files = new HashSet<>(parts.files());
        reads.calls = new HashSet<>(parts.calls());
        reads.callers = new HashSet<>(parts.callers());
        reads.definitions = new HashSet<>(parts.definitions());
        reads.names = new java.util.HashMap<>(parts.names());
        reads.tables = new HashSet<>(parts.tables());
        reads.deferrals = parts.deferrals();
        reads.everything = parts.everything();
        return reads;
    }

    private static <T extends Comparable<T>> List<T> sorted(Set<T> set) {
        List<T> out = new java.util.ArrayList<>(orEmpty(set));
        java.util.Collections.sort(out);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reads r && parts().equals(r.parts());
    }

    @Override
    public int hashCode() {
        return parts().hashCode();
    }

    /** For a test: the files read. */
    public Set<String> files() {
        return Set.copyOf(orEmpty(flat().files));
    }

    private static <T> Set<T> orEmpty(Set<T> set) {
        return set == null ? Set.of() : set;
    }
}

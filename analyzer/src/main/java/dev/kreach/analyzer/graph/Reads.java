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

    private final Set<String> files = new HashSet<>();
    private final Set<FunctionId> calls = new HashSet<>();
    private final Set<FunctionId> callers = new HashSet<>();
    private final Set<FunctionId> definitions = new HashSet<>();
    /** Per name looked up, the functions spelled so then: a name's spellings change far more rarely than they are read. */
    private final java.util.Map<String, List<FunctionId>> names = new java.util.HashMap<>();
    private final Set<String> tables = new HashSet<>();
    private boolean deferrals;
    private boolean everything;

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
                outer.add(mine);
            }
        }
    }

    /** Whether a recording is running on this thread: a cached answer then hands over what computing it read. */
    public static boolean recording() {
        return CURRENT.get() != null;
    }

    /** Counts {@code earlier}'s reads as read now, by whatever records on this thread: a cached answer's. */
    public static void replay(Reads earlier) {
        Reads current = CURRENT.get();
        if (current != null && earlier != null) {
            current.add(earlier);
        }
    }

    /** Reads of the body or file-scope initializers of {@code path} (with the headers beside it). */
    public static void file(String path) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.files.add(path);
        }
    }

    static void calls(FunctionId function) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.calls.add(function);
        }
    }

    static void callers(FunctionId function) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.callers.add(function);
        }
    }

    static void definition(FunctionId function) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.definitions.add(function);
        }
    }

    static void name(String name, List<FunctionId> spellings) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.names.putIfAbsent(name, List.copyOf(spellings));
        }
    }

    /** A {@code struct.field} entry of the binding tables. */
    static void table(String key) {
        Reads current = CURRENT.get();
        if (current != null) {
            current.tables.add(key);
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

    private void add(Reads other) {
        files.addAll(other.files);
        calls.addAll(other.calls);
        callers.addAll(other.callers);
        definitions.addAll(other.definitions);
        other.names.forEach(names::putIfAbsent);
        tables.addAll(other.tables);
        deferrals |= other.deferrals;
        everything |= other.everything;
    }

    /**
     * Whether an answer that read this still holds after {@code change}, which made {@code graph}; {@code fileChanged}
     * tells whether a file's bodies may read otherwise (the file, or a header beside it, changed). Names are asked
     * of {@code graph} again: a name whose spellings are as they were reads as it did.
     */
    public boolean holdsAfter(GraphChange change, CallGraph graph, Predicate<String> fileChanged) {
        if (everything || (deferrals && change.deferrals())) {
            return false;
        }
        for (String file : files) {
            if (fileChanged.test(file)) {
                return false;
            }
        }
        if (!(none(calls, change.calls()) && none(callers, change.called()) && none(definitions, change.defined())
                && none(tables, change.tables()))) {
            return false;
        }
        for (java.util.Map.Entry<String, List<FunctionId>> e : names.entrySet()) {
            if (!graph.named(e.getKey()).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the two sets share nothing; the smaller is walked. */
    private static <T> boolean none(Set<T> read, Set<T> changed) {
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
        return new Parts(sorted(files), sorted(calls), sorted(callers), sorted(definitions),
                new java.util.TreeMap<>(names), sorted(tables), deferrals, everything);
    }

    /** A recording as {@link #parts} gave it. */
    public static Reads of(Parts parts) {
        Reads reads = new Reads();
        reads.files.addAll(parts.files());
        reads.calls.addAll(parts.calls());
        reads.callers.addAll(parts.callers());
        reads.definitions.addAll(parts.definitions());
        reads.names.putAll(parts.names());
        reads.tables.addAll(parts.tables());
        reads.deferrals = parts.deferrals();
        reads.everything = parts.everything();
        return reads;
    }

    private static <T extends Comparable<T>> List<T> sorted(Set<T> set) {
        List<T> out = new java.util.ArrayList<>(set);
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
        return Set.copyOf(files);
    }
}

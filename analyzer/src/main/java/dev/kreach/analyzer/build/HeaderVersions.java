package dev.kreach.analyzer.build;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.cdt.core.parser.ISignificantMacros;

/**
 * What reading a header did to the macro state, kept per version: the first time a header is read in a given state
 * its effect is recorded, and every later inclusion in an equivalent state, in any translation unit, replays that
 * effect instead of preprocessing the header again. A kernel unit includes some 600 headers and all units of a build
 * share most of them in the same few states, so nearly all preprocessing after the first units is replay.
 *
 * <p>A version is keyed by the header's significant macros as CDT's preprocessor computes them for its own index:
 * every macro the header's reading tested or expanded (in {@code #if}, {@code #ifdef}, {@code defined}, its own
 * code, and the headers it includes), with the value it had, minus those the header set itself before testing them.
 * Equal significant macros means the header reads the same way, so the replay is exact. The include search path is
 * part of the key too, since it decides which files the header's own {@code #include}s reach.
 */
public final class HeaderVersions {
    /** Past this many versions of one header, new ones are not kept (a header read differently every time). */
    private static final int MAX_VERSIONS = 100;

    /**
     * What one reading of a header did, and the state it did it in: the macros it left defined or undefined, the
     * type names its (skipped) declarations introduced, and how far it moved {@code __COUNTER__}.
     */
    record Version(ISignificantMacros significant, MacroConditions conditions, List<ReplayedMacro> effect,
            List<String> typeNames, long counterAdvance) {
    }

    /** A header as reached from one include search path (by its number). */
    private record Key(int searchPath, String header) {
    }

    private final boolean enabled;
    private final ConcurrentHashMap<Key, List<Version>> versions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> searchPaths = new ConcurrentHashMap<>();
    private final AtomicInteger nextSearchPath = new AtomicInteger();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder read = new LongAdder();

    private HeaderVersions(boolean enabled) {
        this.enabled = enabled;
    }

    /** Reuse across the units of one run. */
    public static HeaderVersions shared() {
        return new HeaderVersions(true);
    }

    /** Every header preprocessed wherever it is included, as a compiler does (for comparison). */
    public static HeaderVersions none() {
        return new HeaderVersions(false);
    }

    boolean enabled() {
        return enabled;
    }

    /** The number under which versions reached through this include search path are kept. */
    int searchPath(String dirs) {
        return searchPaths.computeIfAbsent(dirs, d -> nextSearchPath.getAndIncrement());
    }

    /** A recorded version of {@code header} whose significant macros hold in the unit's macros, or null. */
    Version find(int searchPath, String header, PreprocessorAccess state) {
        if (!enabled) {
            return null;
        }
        for (Version version : versions.getOrDefault(new Key(searchPath, header), List.of())) {
            if (version.conditions().holdIn(state)) {
                replayed.increment();
                return version;
            }
        }
        read.increment();
        return null;
    }

    /** Whether a version read in this state is kept already, or no more versions of the header are kept. */
    boolean knows(int searchPath, String header, ISignificantMacros significant) {
        List<Version> known = versions.getOrDefault(new Key(searchPath, header), List.of());
        return known.size() >= MAX_VERSIONS || known.stream().anyMatch(v -> v.significant().equals(significant));
    }

    void add(int searchPath, String header, Version version) {
        if (!enabled) {
            return;
        }
        List<Version> known = versions.computeIfAbsent(new Key(searchPath, header), k -> new CopyOnWriteArrayList<>());
        synchronized (known) {
            if (known.size() < MAX_VERSIONS
                    && known.stream().noneMatch(v -> v.significant().equals(version.significant()))) {
                known.add(version);
            }
        }
    }

    /** Inclusions answered by replaying a recorded version. */
    public long replayed() {
        return replayed.sum();
    }

    /** Inclusions for which the header was preprocessed. */
    public long read() {
        return read.sum();
    }
}

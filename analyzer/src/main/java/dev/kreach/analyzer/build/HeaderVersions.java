package dev.kreach.analyzer.build;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Equal significant macros means the header reads the same way, so the replay is exact. Which files the header's
 * own {@code #include}s reach depends on the include search path too: a version is used from another search path only
 * when that one begins the same way as far as the header's lookups went ({@link SearchPath}), and only from its own
 * when a lookup inside it failed or asked {@code __has_include}.
 */
public final class HeaderVersions {
    /** Past this many versions of one header, new ones are not kept (a header read differently every time). */
    private static final int MAX_VERSIONS = 100;

    /**
     * What one reading of a header did, and the state it did it in: the macros it left defined or undefined, the
     * type names its (skipped) declarations introduced, and how far it moved {@code __COUNTER__}; the search path it
     * was read with and how much of it the reading's lookups depended on ({@code wholePath}: all of it).
     */
    record Version(ISignificantMacros significant, MacroConditions conditions, List<ReplayedMacro> effect,
            List<String> typeNames, long counterAdvance, SearchPath recordedIn, SearchPath.Reach reach,
            boolean wholePath) {

        boolean usableFrom(SearchPath unit) {
            return unit == recordedIn || unit.equals(recordedIn) || !wholePath && unit.agreesWith(recordedIn, reach);
        }
    }

    private final boolean enabled;
    private final ConcurrentHashMap<String, List<Version>> versions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SearchPath, SearchPath> searchPaths = new ConcurrentHashMap<>();
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

    /** One shared instance per distinct search path, so that versions mostly compare them by identity. */
    SearchPath searchPath(SearchPath path) {
        return searchPaths.computeIfAbsent(path, p -> p);
    }

    /** A recorded version of {@code header}, usable from {@code from}, whose significant macros hold, or null. */
    Version find(SearchPath from, String header, PreprocessorAccess state) {
        if (!enabled) {
            return null;
        }
        for (Version version : versions.getOrDefault(header, List.of())) {
            if (version.usableFrom(from) && version.conditions().holdIn(state)) {
                replayed.increment();
                return version;
            }
        }
        read.increment();
        return null;
    }

    /** Whether a version read in this state, usable from {@code from}, is kept already (or no more are kept). */
    boolean knows(SearchPath from, String header, ISignificantMacros significant) {
        List<Version> known = versions.getOrDefault(header, List.of());
        return known.size() >= MAX_VERSIONS || kept(known, significant, from);
    }

    /** Whether {@code known} holds a version read in this state and usable from {@code from}. */
    private static boolean kept(List<Version> known, ISignificantMacros significant, SearchPath from) {
        return known.stream().anyMatch(v -> v.significant().equals(significant) && v.usableFrom(from));
    }

    void add(String header, Version version) {
        if (!enabled) {
            return;
        }
        List<Version> known = versions.computeIfAbsent(header, k -> new CopyOnWriteArrayList<>());
        synchronized (known) {
            if (known.size() < MAX_VERSIONS && !kept(known, version.significant(), version.recordedIn())) {
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

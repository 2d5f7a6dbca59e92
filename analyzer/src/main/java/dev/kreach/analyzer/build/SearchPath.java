package dev.kreach.analyzer.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a unit's {@code #include}s look, in order: {@code quote} for {@code "..."} (after the including file's own
 * directory), {@code angle} for {@code <...>}. Each directory ends in '/'. kbuild gives every directory of an
 * out-of-tree build its own two {@code -I} at the end, so units of different directories share a long prefix: a
 * header whose includes were all found within that prefix reads the same from either.
 */
record SearchPath(List<String> quote, List<String> angle) {
    SearchPath {
        quote = List.copyOf(quote);
        angle = List.copyOf(angle);
    }

    static SearchPath of(CompilerFlags flags) {
        List<String> angle = new ArrayList<>();
        flags.includeDirs().forEach(d -> angle.add(dir(d)));
        flags.systemDirs().forEach(d -> angle.add(dir(d)));
        List<String> quote = new ArrayList<>();
        flags.quoteDirs().forEach(d -> quote.add(dir(d)));
        quote.addAll(angle);
        return new SearchPath(quote, angle);
    }

    private static String dir(Path dir) {
        String s = dir.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    /** How much of a search path a lookup depends on: the first {@code quote} and {@code angle} directories. */
    record Reach(int quote, int angle) {
        static final Reach NONE = new Reach(0, 0);

        Reach max(Reach other) {
            return new Reach(Math.max(quote, other.quote), Math.max(angle, other.angle));
        }
    }

    /**
     * What finding {@code file} may have depended on: each list up to the last directory {@code file} lies under
     * (the directory it was found in is one of those; the ones before it were searched first). A file under none was
     * found beside its includer or by its own path.
     */
    Reach reach(String file) {
        return new Reach(lastPrefix(quote, file) + 1, lastPrefix(angle, file) + 1);
    }

    private static int lastPrefix(List<String> dirs, String file) {
        for (int i = dirs.size() - 1; i >= 0; i--) {
            if (file.startsWith(dirs.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether this search path begins as {@code other} does, as far as {@code reach} goes. */
    boolean agreesWith(SearchPath other, Reach reach) {
        return quote.size() >= reach.quote() && angle.size() >= reach.angle()
                && other.quote.size() >= reach.quote() && other.angle.size() >= reach.angle()
                && quote.subList(0, reach.quote()).equals(other.quote.subList(0, reach.quote()))
                && angle.subList(0, reach.angle()).equals(other.angle.subList(0, reach.angle()));
    }
}

package dev.kreach.rules.reach;

import dev.kreach.analyzer.patch.LineMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings before and after a change, matched by their line-independent identity: a change that only moves lines
 * leaves every finding unchanged. Given the change's line map, a finding on a line the change left as it was is
 * the one that stood on that line before (same rule, function, entry point and call), even where an edit next to it
 * changed its identity's anchor: only findings on added or changed lines can be new. {@code fixed} are the
 * before-findings that are gone.
 */
public record FindingDiff(List<Finding> introduced, List<Finding> fixed, List<Finding> unchanged) {

    public FindingDiff {
        introduced = List.copyOf(introduced);
        fixed = List.copyOf(fixed);
        unchanged = List.copyOf(unchanged);
    }

    /**
     * Only puts that may be the last count: a note that turns into a warning (the patch dropped the reference the
     * evidence named) is new, and a note that goes away (an {@code iput()} turned into {@code iput_not_last()}) is
     * not reported as fixed.
     */
    public static FindingDiff of(List<Finding> allBefore, List<Finding> allAfter) {
        return of(allBefore, allAfter, LineMap.none());
    }

    /** As {@link #of(List, List)}, matching what identity leaves over by the line each finding stands on. */
    public static FindingDiff of(List<Finding> allBefore, List<Finding> allAfter, LineMap lines) {
        List<Finding> before = allBefore.stream().filter(f -> f.lastReference().mayBeLast()).toList();
        List<Finding> after = allAfter.stream().filter(f -> f.lastReference().mayBeLast()).toList();
        Map<String, Finding> old = new LinkedHashMap<>();
        before.forEach(f -> old.put(f.identity(), f));
        Map<String, Finding> now = new LinkedHashMap<>();
        after.forEach(f -> now.put(f.identity(), f));
        List<Finding> introduced = new ArrayList<>();
        List<Finding> unchanged = new ArrayList<>();
        for (Finding f : after) {
            (old.containsKey(f.identity()) ? unchanged : introduced).add(f);
        }
        List<Finding> fixed = new ArrayList<>(before.stream().filter(f -> !now.containsKey(f.identity())).toList());
        for (java.util.Iterator<Finding> it = introduced.iterator(); it.hasNext(); ) {
            Finding f = it.next();
            int line = lines.oldLine(f.site().file(), f.site().line());
            if (line < 0) {
                continue;
            }
            for (Finding g : fixed) {
                if (g.site().file().equals(f.site().file()) && g.site().line() == line && g.site().column()
                        == f.site().column() && sameCall(f, g)) {
                    fixed.remove(g);
                    it.remove();
                    unchanged.add(f);
                    break;
                }
            }
        }
        return new FindingDiff(introduced, fixed, unchanged);
    }

    private static boolean sameCall(Finding f, Finding g) {
        return f.rule().equals(g.rule()) && f.function().equals(g.function()) && f.entry().equals(g.entry())
                && f.call().equals(g.call());
    }
}

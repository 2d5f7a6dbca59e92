package dev.kreach.rules.reach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings before and after a change, matched by their line-independent identity: a change that only moves lines
 * leaves every finding unchanged. {@code fixed} are the before-findings that are gone.
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
        List<Finding> fixed = before.stream().filter(f -> !now.containsKey(f.identity())).toList();
        return new FindingDiff(introduced, fixed, unchanged);
    }
}

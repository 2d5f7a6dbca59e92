package dev.kreach.cli;

import dev.kreach.analyzer.patch.TreeLineMap;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.FindingDiff;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which commit or patch of a series brought each new finding: the first one after which the finding is there,
 * matched against the series' end the way check-patch matches before and after (identity, then the patch's own line
 * mapping). The tree after each commit is scanned in turn, reusing the facts of the one before it, so a series costs
 * one incremental scan per commit.
 */
final class SeriesBlame {
    private final List<Finding> introduced;
    private final List<Finding> head;
    private final SourceTree headTree;
    private final Map<Finding, String> blamed = new LinkedHashMap<>();

    SeriesBlame(List<Finding> introduced, List<Finding> head, SourceTree headTree) {
        this.introduced = introduced;
        this.head = head;
        this.headTree = headTree;
    }

    /** Whether every new finding has its commit already. */
    boolean done() {
        return blamed.size() == introduced.size();
    }

    /** The findings of the tree after the commit or patch {@code label}: those of the end it has are its. */
    void step(String label, SourceTree stepTree, List<Finding> stepFindings) {
        Set<Finding> notYet = new HashSet<>(FindingDiff.of(stepFindings, head, new TreeLineMap(stepTree, headTree))
                .introduced());
        for (Finding f : introduced) {
            if (!blamed.containsKey(f) && !notYet.contains(f)) {
                blamed.put(f, label);
            }
        }
    }

    /** Each new finding with its commit; those no earlier step had are the last commit's. */
    Map<Finding, String> rest(String last) {
        introduced.forEach(f -> blamed.putIfAbsent(f, last));
        return blamed;
    }
}

package dev.kreach.rules.last;

import dev.kreach.analyzer.graph.CallEdge;
import java.util.List;
import java.util.Optional;

/** Asks each reasoner in turn about a put; the first that has evidence decides, and without any the put may be last. */
public final class LastReferenceJudge {
    private final List<ReferenceReasoner> reasoners;

    public LastReferenceJudge(List<ReferenceReasoner> reasoners) {
        this.reasoners = List.copyOf(reasoners);
    }

    public LastReference judge(CallEdge put) {
        for (ReferenceReasoner reasoner : reasoners) {
            Optional<LastReference> verdict = reasoner.judge(put);
            if (verdict.isPresent()) {
                return verdict.get();
            }
        }
        return LastReference.MAY_BE_LAST;
    }
}

package dev.kreach.rules.last;

import dev.kreach.analyzer.graph.CallEdge;
import java.util.Optional;

/** One kind of evidence about the reference a put drops; empty when it has nothing to say about this put. */
public interface ReferenceReasoner {
    /** The name a verdict gives as its reasoner ({@code held-here}). */
    String name();

    Optional<LastReference> judge(CallEdge put);
}

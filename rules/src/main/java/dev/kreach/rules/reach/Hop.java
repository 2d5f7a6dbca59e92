package dev.kreach.rules.reach;

import dev.kreach.rules.refine.HopCertainty;
import dev.kreach.rules.refine.HopVerdict;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;

/**
 * One step of a witness chain: {@code function} makes the call at {@code site} (of kind {@code kind}, through
 * {@code via} for indirect kinds) that leads to the next step; the last step's call is the sink call.
 * {@code verdict}: how sure the step is once checked against the code along the chain, with its evidence.
 */
public record Hop(FunctionId function, Position site, EdgeKind kind, String via, HopVerdict verdict) {
    public HopCertainty certainty() {
        return verdict.certainty();
    }
}

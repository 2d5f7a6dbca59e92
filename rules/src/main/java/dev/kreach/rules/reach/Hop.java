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
 * {@code place}: where the step is shown, in the tree: the call site itself, except for a step through a modelled
 * core function, whose site is its model's entry and whose place is the modelled call in the function's definition
 * in the tree, when the tree has it (folio_invalidate()'s {@code ->invalidate_folio()} in mm/truncate.c).
 */
public record Hop(FunctionId function, Position site, EdgeKind kind, String via, HopVerdict verdict,
        Position place) {
    /** A step shown where its call is. */
    public Hop(FunctionId function, Position site, EdgeKind kind, String via, HopVerdict verdict) {
        this(function, site, kind, via, verdict, site);
    }

    public HopCertainty certainty() {
        return verdict.certainty();
    }
}

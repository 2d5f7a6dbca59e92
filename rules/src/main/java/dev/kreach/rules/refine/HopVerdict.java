package dev.kreach.rules.refine;

/**
 * What the check says about one hop: its certainty, and the evidence ({@code file:line} of the store, initializer
 * or argument that proves it, or why the value could not be followed); null for direct hops.
 */
public record HopVerdict(HopCertainty certainty, String evidence) {
    public static final HopVerdict DIRECT = new HopVerdict(HopCertainty.DIRECT, null);
}

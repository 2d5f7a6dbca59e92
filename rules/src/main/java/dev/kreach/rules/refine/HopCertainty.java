package dev.kreach.rules.refine;

/** How sure a chain's hop is. */
public enum HopCertainty {
    /** A call by name ({@code foo(...)}), or a core function's modelled call of a named function. */
    DIRECT,
    /** An indirect call whose callee the value tracer found in the value the chain's own code puts there. */
    VERIFIED,
    /** An indirect call bound by type or field only: the tracer could not follow the value. */
    UNVERIFIED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

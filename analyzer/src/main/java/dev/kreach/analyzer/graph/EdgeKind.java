package dev.kreach.analyzer.graph;

/** How a call edge was found, strongest evidence first. */
public enum EdgeKind {
    /** {@code foo(...)}. */
    DIRECT,
    /** {@code obj->ops->field(...)} with the struct type of the owner known: every function bound to that field. */
    FIELD,
    /** A field call or binding whose struct type is unknown in fast mode: matched by field name only. */
    FIELD_NAME_ONLY,
    /** A call of the caller's own function-pointer parameter: every function passed there. */
    CALLBACK,
    /** A kernel core function described in a model file (writeback, truncation, kref, ...). */
    MODEL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

package dev.kreach.analyzer.graph;

/** How a call edge was found, strongest evidence first. */
public enum EdgeKind {
    /** {@code foo(...)}. */
    DIRECT,
    /** {@code obj->ops->field(...)} with the struct type of the owner known: every function bound to that field. */
    FIELD,
    /** A field call or binding whose struct type is unknown in fast mode: matched by field name only. */
    FIELD_NAME_ONLY,
    /** A call of the caller's own function-pointer parameter: every function passed there, from any call site. */
    CALLBACK,
    /**
     * The same calls seen from the caller that passes the function: {@code P} calls {@code X(..., cb, ...)} and
     * {@code X} calls (or passes on to a function that calls) that parameter, so {@code P -> cb} at P's call site.
     * Unlike {@link #CALLBACK}, it keeps which caller passed which function: context queries follow these.
     */
    CALLBACK_ARGUMENT,
    /** A kernel core function described in a model file (writeback, truncation, kref, ...). */
    MODEL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

package dev.kreach.analyzer.model;

/** One thing a modelled kernel function calls. */
public sealed interface ModelCall {

    /** Every function bound to {@code struct.field}. */
    record Field(String struct, String field) implements ModelCall {
    }

    /** The named function. */
    record Function(String name) implements ModelCall {
    }

    /** The function passed as argument {@code index} (0-based) at each call site of the modelled function. */
    record Argument(int index) implements ModelCall {
    }
}

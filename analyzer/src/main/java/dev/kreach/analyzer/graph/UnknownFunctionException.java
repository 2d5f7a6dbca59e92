package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.source.BadInputException;

/** A function the user named that the graph does not hold, or holds more than once. */
public final class UnknownFunctionException extends BadInputException {
    public UnknownFunctionException(String message) {
        super(message);
    }
}

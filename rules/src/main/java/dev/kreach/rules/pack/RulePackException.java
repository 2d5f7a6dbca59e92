package dev.kreach.rules.pack;

import dev.kreach.analyzer.source.BadInputException;

/** A rule pack that cannot be used; the message names the file, the line and the problem. */
public final class RulePackException extends BadInputException {
    public RulePackException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}

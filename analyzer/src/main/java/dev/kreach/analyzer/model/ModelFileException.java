package dev.kreach.analyzer.model;

import dev.kreach.analyzer.source.BadInputException;

/** A model file that cannot be used; the message names the file, the line and the problem. */
public final class ModelFileException extends BadInputException {
    public ModelFileException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}

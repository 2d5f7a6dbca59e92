package dev.kreach.analyzer.parse;

/** The parser gave up on a whole file; the scan reports the file and goes on without it. */
public final class UnparsableFileException extends Exception {
    public UnparsableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

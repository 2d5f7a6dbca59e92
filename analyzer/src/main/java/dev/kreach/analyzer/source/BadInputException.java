package dev.kreach.analyzer.source;

/** Input the user gave us that we cannot use; the message is one line meant for the terminal, naming the problem. */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

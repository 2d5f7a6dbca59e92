package dev.kreach.cli;

/** kreach's exit codes, the same for every command. */
final class ExitCodes {
    static final int OK = 0;
    static final int NEGATIVE = 1;
    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }
}

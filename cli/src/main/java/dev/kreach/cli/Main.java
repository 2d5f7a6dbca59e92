package dev.kreach.cli;


/** Entry point: exit 0 success, 1 a negative answer (no path), 2 bad input or usage, 3 an internal error. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return KreachCommand.commandLine().execute(args);
    }
}

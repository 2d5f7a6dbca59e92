package dev.kreach.cli;


/** Entry point: exit 0 success, 1 a negative answer (no path), 2 bad input or usage, 3 an internal error. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        try {
            return KreachCommand.commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // An Error passes picocli's handlers by; it gets one line and the internal-error code, not a trace.
            System.err.println("kreach: internal error: out of memory (the Java heap is too small for this scan: "
                    + "raise -Xmx)");
            return ExitCodes.INTERNAL_ERROR;
        } catch (StackOverflowError e) {
            System.err.println("kreach: internal error: stack overflow (raise the thread stack: -Xss)");
            return ExitCodes.INTERNAL_ERROR;
        } catch (Error e) {
            System.err.println("kreach: internal error: " + e);
            return ExitCodes.INTERNAL_ERROR;
        }
    }
}

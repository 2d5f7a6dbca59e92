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
            picocli.CommandLine cl = KreachCommand.commandLine();
            // Straight onto the descriptor, not through System.out, whose PrintStream forgets a failed write: a
            // report lost to a full disk or a closed pipe must not look like a result.
            java.io.PrintWriter out = new java.io.PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                    new java.io.FileOutputStream(java.io.FileDescriptor.out), java.nio.charset.StandardCharsets.UTF_8),
                    1 << 16), true);
            cl.setOut(out);
            int exit = cl.execute(args);
            if (out.checkError()) {
                System.err.println("kreach: cannot write to standard output (the disk is full, or the reader of a "
                        + "pipe went away): the output is incomplete");
                return ExitCodes.BAD_INPUT;
            }
            return exit;
        } catch (Error e) {
            if (KreachCommand.debug()) {
                e.printStackTrace();
            }
            return internalError(e);
        }
    }

    /** An Error passes picocli's handlers by; it gets one line and the internal-error code, not a trace. */
    private static int internalError(Error error) {
        if (error instanceof OutOfMemoryError) {
            System.err.println("kreach: internal error: out of memory (the Java heap is too small for this scan: "
                    + "raise -Xmx)");
        } else if (error instanceof StackOverflowError) {
            System.err.println("kreach: internal error: stack overflow (raise the thread stack: -Xss)");
        } else {
            System.err.println("kreach: internal error: " + error);
        }
        return ExitCodes.INTERNAL_ERROR;
    }
}

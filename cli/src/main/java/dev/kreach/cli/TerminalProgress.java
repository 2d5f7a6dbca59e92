package dev.kreach.cli;

import dev.kreach.analyzer.ProgressListener;
import java.io.PrintWriter;

/**
 * Progress on stderr, only when a person is watching (a terminal) and only once a run has taken more than a
 * second; a pipe or a log file never sees it.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {
    private static final long QUIET_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private boolean drawn;

    private TerminalProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static TerminalProgress forStderr(PrintWriter err) {
        return new TerminalProgress(err, System.console() != null);
    }

    @Override
    public synchronized void progress(String stage, int done, int total) {
        if (!enabled || System.nanoTime() - start < QUIET_NANOS) {
            return;
        }
        err.print("\r\033[K" + stage + " " + done + "/" + total);
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}

package dev.kreach.cli;

import dev.kreach.analyzer.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Progress on stderr, only when a person is watching (stderr is a terminal) and only once a run has taken more
 * than a second; a pipe or a log file never sees it.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {
    private static final long QUIET_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private boolean drawn;
    private int lastPercent = -1;

    private TerminalProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static TerminalProgress forStderr(PrintWriter err) {
        return new TerminalProgress(err, stderrIsTerminal());
    }

    /** Java cannot ask isatty(2); on Linux, /proc says where file descriptor 2 points. */
    private static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    @Override
    public void progress(String stage, int done, int total) {
        draw(stage + " " + done + "/" + total);
    }

    /** Reading a tarball, as a share of its compressed bytes. */
    void tarball(double fraction) {
        int percent = (int) (fraction * 100);
        if (percent != lastPercent) {
            lastPercent = percent;
            draw("reading tarball " + percent + "%");
        }
    }

    private synchronized void draw(String line) {
        if (!enabled || System.nanoTime() - start < QUIET_NANOS) {
            return;
        }
        err.print("\r\033[K" + line);
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}

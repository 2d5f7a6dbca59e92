package dev.kreach.analyzer.parse;

import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.parser.IParserLogService;
import org.eclipse.cdt.core.parser.NullLogService;
import org.eclipse.cdt.core.parser.ParseError;
import org.eclipse.cdt.internal.core.util.ICancelable;
import org.eclipse.cdt.internal.core.util.ICanceler;
import org.eclipse.core.runtime.CoreException;

/**
 * Holds every CDT parse in the process to its {@link ParseBudget}. A watcher thread looks at each running parse
 * every 50 ms; one over its budget is cancelled through CDT's own hook (which the parser checks between tokens) and,
 * since a macro expansion checks nothing, stopped through the {@link TokenBrake}. While the brake is on no parse
 * starts, and a parse that ran while it was on is parsed again: it may have been stopped for another file's sake.
 * Process-wide because the brake is: CDT's token counter is one static for all threads.
 */
public final class ParseWatch {
    private static final ParseWatch SHARED = new ParseWatch(TokenBrake.find());
    private static final long TICK_MILLIS = 50;
    /** While braking: a preprocessor that starts meanwhile resets CDT's counter, so the brake is set again soon. */
    private static final long BRAKING_TICK_MILLIS = 5;
    /** A parse stopped this often for other files' sake gives up rather than wait for ever. */
    private static final int ATTEMPTS = 10;

    private final TokenBrake brake;
    private final Set<Ticket> running = new LinkedHashSet<>();
    private boolean braking;
    private long brakings;
    private Thread watcher;

    ParseWatch(TokenBrake brake) {
        this.brake = brake;
    }

    public static ParseWatch shared() {
        return SHARED;
    }

    /** One call into CDT that builds a translation unit, given the log service to pass it. */
    @FunctionalInterface
    public interface Parse {
        IASTTranslationUnit run(IParserLogService log) throws CoreException;
    }

    /**
     * The unit {@code parse} builds within {@code budget}; a parse over its budget, or one that CDT itself gave up
     * on, is an {@link UnparsableFileException} naming {@code path} and why.
     */
    public IASTTranslationUnit parse(String path, ParseBudget budget, Parse parse)
            throws CoreException, UnparsableFileException {
        for (int attempt = 1; ; attempt++) {
            Ticket ticket = enter(budget);
            IASTTranslationUnit unit = null;
            ParseError error = null;
            boolean disturbed;
            try {
                unit = parse.run(ticket.log);
            } catch (ParseError e) {
                error = e;
            } finally {
                disturbed = leave(ticket);
            }
            if (ticket.over != null) {
                throw new UnparsableFileException(path + ": over the parse budget: " + ticket.over, null);
            }
            if (!disturbed) {
                if (error != null) {
                    throw new UnparsableFileException(path + ": parser failed: " + error.getMessage(), error);
                }
                if (unit == null) {
                    throw new UnparsableFileException(path + ": parser gave up (too many tokens)", null);
                }
                return unit;
            }
            if (attempt == ATTEMPTS) {
                throw new UnparsableFileException(path + ": stopped " + ATTEMPTS
                        + " times while other files' parses over their budget were being stopped", null);
            }
        }
    }

    private synchronized Ticket enter(ParseBudget budget) {
        boolean interrupted = false;
        while (braking) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Ticket ticket = new Ticket(budget, brakings);
        running.add(ticket);
        if (watcher == null) {
            watcher = new Thread(this::watch, "kreach-parse-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        notifyAll();
        return ticket;
    }

    /** Whether the brake was on at any time while the ticket's parse ran. */
    private synchronized boolean leave(Ticket ticket) {
        running.remove(ticket);
        boolean disturbed = braking || brakings != ticket.brakings;
        notifyAll();
        return disturbed;
    }

    private synchronized void watch() {
        while (true) {
            try {
                look();
            } catch (VirtualMachineError shortage) {
                // The heap ran out under some parse: its own thread reports that; this one watches on.
            }
            try {
                if (running.isEmpty()) {
                    wait();
                } else {
                    wait(braking ? BRAKING_TICK_MILLIS : TICK_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Marks the parses over budget, cancels them, and sets the brake while any of them runs; holds the monitor. */
    private void look() {
        boolean anyOver = false;
        long now = System.nanoTime();
        for (Ticket ticket : running) {
            if (ticket.over == null) {
                ticket.over = ticket.overBudget(now);
                if (ticket.over != null) {
                    ticket.log.cancel();
                }
            }
            anyOver |= ticket.over != null;
        }
        if (anyOver && brake != null) {
            if (!braking) {
                braking = true;
                brakings++;
            }
            brake.engage();
        } else if (braking) {
            brake.release();
            braking = false;
            notifyAll();
        }
    }

    /** One running parse: its thread, when it started, what the thread had allocated by then. */
    private static final class Ticket {
        private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();

        final CancelingLog log = new CancelingLog();
        final ParseBudget budget;
        final long brakings;
        final long thread = Thread.currentThread().getId();
        final long started = System.nanoTime();
        final long allocatedBefore;
        String over;

        Ticket(ParseBudget budget, long brakings) {
            this.budget = budget;
            this.brakings = brakings;
            this.allocatedBefore = THREADS == null ? 0 : THREADS.getThreadAllocatedBytes(thread);
        }

        String overBudget(long now) {
            if (now - started > budget.timeNanos()) {
                return "still parsing after " + ParseBudget.seconds(budget.time());
            }
            long limit = budget.allocatedBytes();
            if (THREADS != null && THREADS.getThreadAllocatedBytes(thread) - allocatedBefore > limit) {
                return "more than " + ParseBudget.mebibytes(limit)
                        + " allocated (a macro that expands without bound?)";
            }
            return null;
        }

        private static com.sun.management.ThreadMXBean allocationCounter() {
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            if (bean instanceof com.sun.management.ThreadMXBean counter && counter.isThreadAllocatedMemorySupported()
                    && counter.isThreadAllocatedMemoryEnabled()) {
                return counter;
            }
            return null;
        }
    }

    /** The log service CDT hands its cancel hook to (it looks for {@link ICanceler}). */
    private static final class CancelingLog extends NullLogService implements ICanceler {
        private ICancelable cancelable;
        private boolean canceled;

        @Override
        public synchronized void setCancelable(ICancelable cancelable) {
            this.cancelable = cancelable;
            if (canceled && cancelable != null) {
                cancelable.cancel();
            }
        }

        @Override
        public synchronized void setCanceled(boolean canceled) {
            this.canceled = canceled;
            if (canceled && cancelable != null) {
                cancelable.cancel();
            }
        }

        @Override
        public synchronized boolean isCanceled() {
            return canceled;
        }

        void cancel() {
            setCanceled(true);
        }
    }
}

package dev.kreach.analyzer.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a call chain cannot go on, from the models file: functions that never return ({@code noreturn}: a chain
 * through one is an oops, panic or exit path, never the context's own work), functions that only report
 * ({@code reports-only}: {@code dump_stack()}, {@code show_regs()}; what they call cannot put an inode), and core
 * functions whose final release the kernel defers ({@code deferred-releases}: {@code fput()} queues
 * {@code __fput()} to task_work or a work item; {@code defers} names the calls that run later, all of the
 * function's calls when empty). Functions that work on the calling task's own user memory ({@code user-memory}:
 * {@code pin_user_pages_fast()}) stop only chains of contexts that run on a kernel thread, which has none.
 */
public record ChainStops(Set<String> noreturn, Set<String> reportsOnly, Map<String, DeferredRelease> deferred,
        Set<String> userMemory) {

    /** A function whose final release runs later, not in its caller; {@code why} is the kernel's reason. */
    public record DeferredRelease(String function, List<String> defers, String why, String source) {
        public DeferredRelease {
            defers = List.copyOf(defers);
        }

        /** Whether the call of {@code callee} from this function is one the kernel defers. */
        public boolean defersCallOf(String callee) {
            return defers.isEmpty() || defers.contains(callee);
        }
    }

    public ChainStops {
        noreturn = Set.copyOf(noreturn);
        reportsOnly = Set.copyOf(reportsOnly);
        deferred = Map.copyOf(deferred);
        userMemory = Set.copyOf(userMemory);
    }
}

package dev.kreach.cli;

import dev.kreach.rules.pack.ContextEntry;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.pack.RuleSpec;
import dev.kreach.rules.reach.ContextReachability;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/**
 * A rule none of whose contexts starts anywhere in the scanned code searched nothing: its zero is not a clean
 * result, and the user is told so rather than left to read it as one (a {@code --scope fs/ceph} scan has no
 * messenger worker; that is in net/ceph).
 */
final class UnboundContexts {
    private UnboundContexts() {
    }

    static void note(PrintWriter err, ContextReachability reachability, RulePack pack) {
        for (RuleSpec rule : pack.rules()) {
            if (reachability.entryPoints(rule.contexts()).isEmpty()) {
                err.println("kreach: note: " + rule.id() + " searched nothing: none of its contexts ("
                        + rule.contexts().stream().map(ContextEntry::toString).collect(Collectors.joining(", "))
                        + ") starts in the scanned code, so its 0 findings say nothing about it; widen --scope to "
                        + "where the context starts");
            }
        }
        err.flush();
    }
}

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

    /** The rules, by id in pack order, none of whose contexts has an entry point in the scan. */
    static java.util.Set<String> of(ContextReachability reachability, RulePack pack) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (RuleSpec rule : pack.rules()) {
            if (reachability.entryPoints(rule.contexts()).isEmpty()) {
                ids.add(rule.id());
            }
        }
        return ids;
    }

    /** One warning line per such rule. */
    static void warn(PrintWriter err, java.util.Set<String> notRun, RulePack pack) {
        for (RuleSpec rule : pack.rules()) {
            if (notRun.contains(rule.id())) {
                java.util.Set<String> homes = new java.util.LinkedHashSet<>(rule.homes().values());
                if (rule.homes().keySet().containsAll(rule.contexts())) {
                    // The pack says where each context is bound: name it, and the scope that would take it in.
                    err.println("kreach: warning: " + rule.id() + ": no entry point in the scope (its context"
                            + (rule.contexts().size() == 1 ? " " : "s ") + rule.contexts().stream()
                                    .map(c -> c + (c instanceof ContextEntry.Work || c instanceof ContextEntry.Field
                                            ? " is bound in " : " is defined in ") + rule.homes().get(c))
                                    .collect(Collectors.joining(", "))
                            + "): not run, so its 0 says nothing; add " + homes.stream().map(h -> "--scope " + h)
                                    .collect(Collectors.joining(" ")));
                } else {
                    err.println("kreach: warning: " + rule.id() + ": no entry point in the scope (its contexts "
                            + rule.contexts().stream().map(ContextEntry::toString).collect(Collectors.joining(", "))
                            + " start nowhere in the scanned code): not run, so its 0 says nothing; widen --scope to "
                            + "where the context starts");
                }
            }
        }
        err.flush();
    }
}

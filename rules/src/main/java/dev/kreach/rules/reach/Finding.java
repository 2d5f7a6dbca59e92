package dev.kreach.rules.reach;

import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.rules.Level;
import dev.kreach.rules.last.LastReference;
import java.util.List;

/**
 * One finding: a rule's sink call ({@code site}, in {@code function}, written {@code call}) reachable from an
 * entry point of the rule's context, with the shortest witness chain from that entry point. Its identity does not
 * depend on line numbers: rule, enclosing function, sink, entry point, the call's text, its {@code anchor} (the
 * source lines just before and after the call, hashed: see {@code StatementAnchor}), and an ordinal among calls identical in all of
 * these, so that a new identical call elsewhere in the function leaves the others' identities as they were. {@code configuration}: the {@code CONFIG_} literals every file and
 * preprocessor branch of the chain is compiled under, in the configuration scanned (empty when none).
 * {@code lastReference}: whether the put can drop the last reference; only a put that may be the last keeps the
 * rule's level, the others are notes. {@code fix}: the kernel's own way out, in the tree's terms (null for none).
 */
public record Finding(String rule, Position site, FunctionId sink, FunctionId function, String call,
        FunctionId entry, String context, List<Hop> chain, int anchor, int ordinal, List<String> configuration,
        LastReference lastReference, String fix) {

    public Finding {
        chain = List.copyOf(chain);
        configuration = List.copyOf(configuration);
    }

    /** Every place the finding rests on: each hop's call site, then the sink call. */
    public List<Position> places() {
        List<Position> places = new java.util.ArrayList<>();
        chain.forEach(h -> places.add(h.site()));
        places.add(site);
        return places;
    }

    /** The level the finding is reported at: its rule's when the put may be the last, else a note. */
    public Level level(Level ruleLevel) {
        return lastReference.mayBeLast() ? ruleLevel : Level.NOTE;
    }

    /** How many of the chain's indirect hops the check could not verify (bound by type or field only). */
    public int unverifiedHops() {
        return (int) chain.stream().filter(h -> h.certainty() == dev.kreach.rules.refine.HopCertainty.UNVERIFIED)
                .count();
    }

    /** " (2 unverified hops)" for the summary line of a finding with unverified hops, else empty. */
    public String unverifiedNote() {
        int n = unverifiedHops();
        return n == 0 ? "" : " (" + n + " unverified hop" + (n == 1 ? "" : "s") + ")";
    }

    /** The line-independent identity, e.g. for matching findings before and after a patch. */
    public String identity() {
        return String.join("|", rule, function.qualified(), sink.qualified(), entry.qualified(), call,
                anchorText(), Integer.toString(ordinal));
    }

    /** The anchor as eight hex digits, as identities and fingerprints spell it. */
    public String anchorText() {
        return String.format(java.util.Locale.ROOT, "%08x", anchor);
    }

    /** How many of {@code rule}'s findings get each verdict, in the verdicts' order, zeros included. */
    public static java.util.Map<dev.kreach.rules.last.Verdict, Long> verdictCounts(String rule,
            java.util.List<Finding> findings) {
        java.util.Map<dev.kreach.rules.last.Verdict, Long> counts =
                new java.util.EnumMap<>(dev.kreach.rules.last.Verdict.class);
        for (dev.kreach.rules.last.Verdict verdict : dev.kreach.rules.last.Verdict.values()) {
            counts.put(verdict, findings.stream().filter(f -> f.rule().equals(rule)
                    && f.lastReference().verdict() == verdict).count());
        }
        return counts;
    }
}

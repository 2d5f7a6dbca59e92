package dev.kreach.cli;

import dev.kreach.analyzer.ParseGap;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.rules.RuleMetadata;
import dev.kreach.rules.RuleRegistry;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.Hop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Findings the way compilers and the kernel test robot print warnings: {@code file:line:col: warning: message
 * [rule]}, then the chain, entry point first, one call a line; then a summary. No timings: the same tree gives the
 * same bytes.
 */
final class FindingsText {
    private FindingsText() {
    }

    /**
     * {@code file:line:col: warning: message [rule]}; a put that cannot be the last is a note that says so
     * ({@code ...; not last [rule]}), and its evidence follows on a line of its own.
     */
    static String headline(RuleMetadata rule, Finding f) {
        String verdict = f.lastReference().mayBeLast() ? "" : "; " + f.lastReference().verdict().words();
        return f.site() + ": " + f.level(rule.level()).label() + ": " + rule.message(f.sink().name()) + verdict
                + f.unverifiedNote() + " [" + f.rule() + "]";
    }

    /** {@code     evidence: held-here: ihold(inode) at ... takes the reference this put drops; ...}, or empty. */
    static String evidence(Finding f) {
        return f.lastReference().mayBeLast() ? "" : "    evidence: " + f.lastReference().reasoner() + ": "
                + f.lastReference().evidence() + "\n";
    }

    /** Each finding's headline and chain, entry point first. */
    static String findings(ScanResult result, RuleRegistry registry, List<Finding> findings) {
        CallGraph graph = result.graph();
        java.util.Optional<dev.kreach.analyzer.build.Provenance> build = dev.kreach.analyzer.build.Provenance.of(result);
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            RuleMetadata rule = registry.find(f.rule()).orElseThrow();
            out.append(headline(rule, f)).append('\n');
            out.append(evidence(f));
            out.append("    ").append(graph.display(f.entry())).append(" is an entry point: ").append(f.context())
                    .append('\n');
            for (Hop hop : f.chain()) {
                out.append(String.format("    %-40s %-32s %s%n", graph.display(hop.function()), hop.place(),
                        hop.via() == null ? hop.kind().label() : hop.kind().label() + " " + hop.via()));
                if (hop.verdict().evidence() != null) {
                    out.append("        ").append(hop.certainty().label()).append(": ")
                            .append(hop.verdict().evidence()).append('\n');
                }
            }
            out.append(String.format("    %-40s %s%n", f.sink().name(), f.call()));
            out.append("    configuration: ").append(f.configuration().isEmpty() ? "no CONFIG_ option on the chain"
                    : String.join(" && ", f.configuration())).append('\n');
            if (build.isPresent()) {
                List<String> fast = build.get().fastFiles(f.places());
                if (!fast.isEmpty()) {
                    out.append("    fast mode: ").append(String.join(", ", fast))
                            .append(" not built under this configuration; parsed by --fallback fast\n");
                }
            }
            if (f.fix() != null) {
                out.append("    fix: ").append(f.fix()).append('\n');
            }
        }
        return out.toString();
    }

    /** " (1 not last)": how many of a rule's findings are notes, by verdict; empty when all may be last. */
    static String verdicts(String rule, List<Finding> findings) {
        List<String> parts = new java.util.ArrayList<>();
        Finding.verdictCounts(rule, findings).forEach((verdict, n) -> {
            if (verdict != dev.kreach.rules.last.Verdict.MAY_BE_LAST && n > 0) {
                parts.add(n + " " + verdict.words());
            }
        });
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    static String write(ScanResult result, RuleRegistry registry, List<Finding> findings) {
        return write(result, registry, findings, java.util.Set.of());
    }

    /** With the rules that had no entry point in the scan, which the summary counts as not run, not as 0. */
    static String write(ScanResult result, RuleRegistry registry, List<Finding> findings,
            java.util.Set<String> notRun) {
        return write(result, registry, findings, notRun, 0);
    }

    /** And with how many findings a suppression file set aside, which the summary counts. */
    static String write(ScanResult result, RuleRegistry registry, List<Finding> findings,
            java.util.Set<String> notRun, int suppressed) {
        StringBuilder out = new StringBuilder(findings(result, registry, findings));
        Map<String, Integer> perRule = new LinkedHashMap<>();
        registry.all().forEach(r -> perRule.put(r.id(), 0));
        findings.forEach(f -> perRule.merge(f.rule(), 1, Integer::sum));
        StringBuilder counts = new StringBuilder();
        perRule.forEach((id, n) -> counts.append(counts.length() == 0 ? "" : ", ").append(id).append(' ')
                .append(notRun.contains(id) ? "not run (no entry point in the scope)" : n + verdicts(id, findings)));
        out.append(String.format(Locale.ROOT, "%d finding%s: %s%s%n", findings.size(), findings.size() == 1 ? "" : "s",
                counts, suppressed == 0 ? "" : "; " + suppressed + " suppressed"));
        out.append(String.format(Locale.ROOT,
                "scanned %,d C files (%,d lines) and %,d scope headers: %,d functions, %,d parsed cleanly; "
                        + "%,d problem nodes; %,d files skipped%n",
                result.sources().size(), result.sourceLines(), result.scopeHeaders().size(), result.sourceFunctions(),
                result.cleanSourceFunctions(), result.problems().size(), result.skipped().size()));
        out.append(notParsed(result));
        out.append(kernel(result));
        dev.kreach.analyzer.build.Provenance.of(result).ifPresent(p -> out.append(build(p)));
        return out.toString();
    }

    /** Build mode: what the findings were computed for, and the scoped files the build left out. */
    static String build(dev.kreach.analyzer.build.Provenance provenance) {
        var info = provenance.info();
        StringBuilder out = new StringBuilder(provenance.describe()).append('\n');
        info.predefinedGuessed().ifPresent(why -> out.append("  compiler's predefined macros guessed: ").append(why)
                .append('\n'));
        if (!info.notBuilt().isEmpty()) {
            out.append(String.format(Locale.ROOT, "  %,d scoped C file%s not built under this configuration%s:%n",
                    info.notBuilt().size(), info.notBuilt().size() == 1 ? "" : "s",
                    info.fastFallback().isEmpty() ? " (not analysed; --fallback fast parses them)"
                            : " (parsed in fast mode, findings marked)"));
            info.notBuilt().forEach(p -> out.append("    ").append(p).append('\n'));
        }
        return out.toString();
    }

    /** The files of the scope that are not part of the kernel scanned, and what kbuild could not evaluate. */
    static String kernel(ScanResult result) {
        StringBuilder out = new StringBuilder();
        int leftOut = result.leftOut().values().stream().mapToInt(Integer::intValue).sum();
        if (leftOut > 0) {
            out.append(String.format(Locale.ROOT, "left out %,d C files under the scope that the arch/%s kernel does "
                    + "not contain (kreach stats says why)%n", leftOut, result.kernel().arch()));
        }
        int notes = result.kernel().notes().size();
        if (notes > 0) {
            out.append(String.format(Locale.ROOT, "kbuild: %,d Makefile construct%s not evaluated, the objects %s "
                    + "taken as enabled (kreach stats --problems lists each)%n", notes, notes == 1 ? "" : "s",
                    notes == 1 ? "it governs" : "they govern"));
        }
        return out.toString();
    }

    /** Where the parser lost something, one directory a line; nothing when it lost nothing. */
    static String notParsed(ScanResult result) {
        List<ParseGap> gaps = result.parseGaps();
        if (gaps.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "not parsed cleanly, in %,d director%s (kreach stats --problems lists each problem node):%n",
                gaps.size(), gaps.size() == 1 ? "y" : "ies"));
        for (ParseGap gap : gaps) {
            out.append("  ").append(gap.describe()).append('\n');
        }
        return out.toString();
    }
}

package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.SkippedFile;
import dev.kreach.analyzer.facts.ProblemFact;
import dev.kreach.analyzer.graph.EdgeKind;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "What a scan read and built: files, lines, functions (and how many parsed cleanly), edges by "
                + "kind, deferrals, every parser problem node with its cause, skipped files and time.")
final class StatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TreeOptions tree;

    @Option(names = "--problems", description = "List every parser problem node, not only the count per directory.")
    boolean listProblems;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScanResult r = tree.scan(spec.commandLine().getErr());
        out.print(render(r, true, listProblems));
        if (r.build().isPresent()) {
            var build = r.build().get();
            long inclusions = build.inclusionsReplayed() + build.inclusionsRead();
            out.printf(Locale.ROOT, "%-10s %,d distinct read; of %,d inclusions, %,d replayed from a recorded "
                    + "version%s%n", "headers", build.headersRead(), inclusions, build.inclusionsReplayed(),
                    tree.headerReuse() ? "" : " (--no-header-reuse)");
            // The cache keys on a file's bytes and fast mode's configuration; a unit's flags and headers are not in it.
            out.printf("%-10s %s%n", "cache", "off (build mode)");
        } else {
            tree.cache().ifPresentOrElse(c -> out.printf(Locale.ROOT, "%-10s %,d files from the cache, %,d parsed%s (%s)%n",
                    "cache", c.hits(), c.misses(), c.writeFailures() == 0 ? ""
                            : String.format(Locale.ROOT, ", %,d could not be stored", c.writeFailures()), c.directory()),
                    () -> out.printf("%-10s %s%n", "cache", "off (--no-cache)"));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String render(ScanResult r, boolean withTime, boolean listProblems) {
        StringBuilder out = new StringBuilder();
        line(out, "tree", r.tree() + r.kernelVersion().map(v -> " (Linux " + v + ")").orElse(""));
        line(out, "scope", r.options().scope().toString());
        line(out, "config", dev.kreach.analyzer.build.Provenance.of(r).map(p -> p.describe())
                .orElse(r.options().config().describe()));
        line(out, "kernel", kernel(r));
        if (!r.leftOut().isEmpty()) {
            int total = r.leftOut().values().stream().mapToInt(Integer::intValue).sum();
            line(out, "left out", String.format(Locale.ROOT, "%,d C files under the scope, not part of this kernel:",
                    total));
            r.leftOut().forEach((why, n) -> out.append(String.format(Locale.ROOT, "  %,d %s%n", n, why)));
        }
        if (!r.kernel().notes().isEmpty()) {
            line(out, "kbuild", String.format(Locale.ROOT, "%,d Makefile construct%s not evaluated (objects they "
                    + "govern taken as enabled)%s", r.kernel().notes().size(), r.kernel().notes().size() == 1 ? "" : "s",
                    listProblems ? ":" : "; stats --problems lists each"));
            if (listProblems) {
                r.kernel().notes().forEach(n -> out.append("  ").append(n).append('\n'));
            }
        }
        line(out, "files", String.format(Locale.ROOT, "%,d C files, %,d lines; %,d scope headers; "
                + "%,d include/ headers read for types", r.sources().size(), r.sourceLines(), r.scopeHeaders().size(),
                r.typeHeaders().size()));
        int headerFunctions = r.scopeHeaders().stream().mapToInt(f -> f.functions().size()).sum();
        line(out, "functions", String.format(Locale.ROOT, "%,d defined in C files, %,d parsed cleanly; "
                + "%,d inline in scope headers", r.sourceFunctions(), r.cleanSourceFunctions(), headerFunctions));
        StringBuilder edges = new StringBuilder();
        Map<EdgeKind, Integer> byKind = r.graph().edgesByKind();
        int total = 0;
        for (Map.Entry<EdgeKind, Integer> e : byKind.entrySet()) {
            edges.append(String.format(Locale.ROOT, "%s %,d, ", e.getKey().label(), e.getValue()));
            total += e.getValue();
        }
        line(out, "edges", String.format(Locale.ROOT, "%,d: %s", total, edges.substring(0, edges.length() - 2)));
        line(out, "graph", String.format(Locale.ROOT, "%,d functions (defined or called)", r.graph().functions().size()));
        line(out, "deferrals", String.format(Locale.ROOT, "%,d registrations (INIT_WORK, timers, ...; not edges)",
                r.graph().deferrals().size()));
        line(out, "problems", String.format(Locale.ROOT, "%,d problem nodes in analysed files; %,d in include/ headers "
                + "(types only)", r.problems().size(), r.typeHeaderProblems()));
        if (listProblems) {
            for (ProblemFact p : r.problems()) {
                out.append("  ").append(p.where()).append(": ").append(p.cause())
                        .append(p.function() == null ? " (file scope)" : " (in " + p.function() + ")")
                        .append(": ").append(p.text()).append('\n');
            }
        } else {
            r.parseGaps().forEach(gap -> out.append("  ").append(gap.describe()).append('\n'));
        }
        line(out, "skipped", String.valueOf(r.skipped().size()));
        for (SkippedFile s : r.skipped()) {
            out.append("  ").append(s).append('\n');
        }
        if (withTime) {
            StringBuilder phases = new StringBuilder();
            r.phases().forEach((name, d) -> phases.append(String.format(Locale.ROOT, ", %s %.2f", name,
                    d.toNanos() / 1e9)));
            line(out, "time", String.format(Locale.ROOT, "%.2f s (%s)", r.elapsed().toNanos() / 1e9,
                    phases.length() == 0 ? "" : phases.substring(2)));
        }
        return out.toString();
    }

    /** The architecture, and where the file list came from. */
    static String kernel(ScanResult r) {
        var k = r.kernel();
        if (r.build().isPresent()) {
            return "the build's translation units";
        }
        return "arch/" + k.arch() + (k.fromKbuild() ? String.format(Locale.ROOT, "; kbuild's file list (%,d "
                + "Makefiles read)", k.makefiles()) : "; no top-level Kbuild, so every C file of the scope "
                + "outside other architectures and tools/ is taken");
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format("%-10s %s%n", key, value));
    }
}

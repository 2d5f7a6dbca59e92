package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.ProgressListener;
import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.build.BuildInfo;
import dev.kreach.analyzer.build.BuildPlan;
import dev.kreach.analyzer.build.CheckJournal;
import dev.kreach.analyzer.build.CompilationDatabase;
import dev.kreach.analyzer.build.ConfigGates;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Build mode on a real out-of-tree build of Linux 6.12.117 fs/ceph + net/ceph (bench/kbuild.sh): both routes, the
 * compilation database and the kreach-check journal, find the seed chains with no problem node; and every difference
 * from fast mode, in findings and in edges, has a cause.
 */
class LinuxBuildModeTest {
    private static SourceTree tree;
    private static ScanResult viaDatabase;
    private static ScanResult viaJournal;
    private static List<Finding> databaseFindings;
    private static List<Finding> journalFindings;

    @BeforeAll
    static void scanBothRoutes() {
        KernelBuild.ensure();
        tree = SourceTree.open(KernelBuild.SOURCE, Scope.CEPH, null);
        Path db = KernelBuild.OBJ.resolve("compile_commands.json");
        viaDatabase = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE).scanBuild(tree,
                BuildPlan.of(db.toString(), CompilationDatabase.read(db), KernelBuild.SOURCE, Scope.CEPH, false));
        Path journal = KernelBuild.OBJ.resolve("kreach.journal");
        CheckJournal.Contents contents = CheckJournal.read(journal);
        assertEquals(0, contents.incomplete());
        viaJournal = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE).scanBuild(tree,
                BuildPlan.of(journal.toString(), contents.commands(), KernelBuild.SOURCE, Scope.CEPH, false));
        RulePack pack = RulePack.bundled();
        databaseFindings = ContextReachability.checkAll(viaDatabase.graph(), pack.rules());
        journalFindings = ContextReachability.checkAll(viaJournal.graph(), pack.rules());
    }

    private static Finding finding(List<Finding> findings, String rule, String fileLine) {
        return findings.stream().filter(f -> f.rule().equals(rule)
                && (f.site().file() + ":" + f.site().line()).equals(fileLine)).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " at " + fileLine + " not found"));
    }

    private static void assertChain(Finding f, String... names) {
        List<String> chain = f.chain().stream().map(h -> h.function().name()).toList();
        assertTrue(Collections.indexOfSubList(chain, List.of(names)) >= 0, "expected " + List.of(names) + " in " + chain);
    }

    private static void assertSeeds(List<Finding> findings) {
        Finding writeback = finding(findings, "kreach/iput-in-writeback", "fs/ceph/caps.c:3483");
        assertEquals("ceph_writepages_start", writeback.entry().name());
        assertChain(writeback, "folio_invalidate", "ceph_invalidate_folio", "ceph_put_wrbuffer_cap_refs");
        Finding read = finding(findings, "kreach/iput-in-messenger", "fs/ceph/addr.c:259");
        assertEquals("ceph_con_workfn", read.entry().name());
        assertChain(read, "osd_dispatch", "handle_reply", "__complete_request", "finish_netfs_read");
        Finding unlink = finding(findings, "kreach/iput-in-messenger", "fs/ceph/dir.c:1301");
        assertChain(unlink, "mds_dispatch", "handle_reply", "complete_request", "ceph_async_unlink_cb");
    }

    @Test
    void databaseRouteFindsTheSeedsWithNoProblemNode() {
        assertSeeds(databaseFindings);
        assertEquals(List.of(), viaDatabase.problems(), "problem nodes in fs/ceph and net/ceph");
        assertEquals(List.of(), viaDatabase.skipped());
        BuildInfo info = viaDatabase.build().orElseThrow();
        assertEquals(49, info.units());
        assertEquals(java.util.Optional.of("6.12.117"), info.kernelVersion());
        assertEquals(64, info.configSha256().orElseThrow().length());
        assertEquals(java.util.Optional.empty(), info.predefinedGuessed(), "gcc answers -dM -E");
        // Not built: CONFIG_FS_ENCRYPTION is off in defconfig (ceph-$(CONFIG_FS_ENCRYPTION) += crypto.o).
        assertEquals(List.of("fs/ceph/crypto.c"), info.notBuilt());
    }

    @Test
    void journalRouteGivesTheSameFindingsAsTheDatabase() {
        assertSeeds(journalFindings);
        assertEquals(List.of(), viaJournal.problems());
        assertEquals(identities(databaseFindings), identities(journalFindings));
        assertEquals(49, viaJournal.build().orElseThrow().units(), "scripts/mod/empty.c is out of scope");
    }

    @Test
    void seedChainsNameTheOptionsTheyDependOn() {
        var provenance = dev.kreach.analyzer.build.Provenance.of(viaDatabase).orElseThrow();
        Finding read = finding(databaseFindings, "kreach/iput-in-messenger", "fs/ceph/addr.c:259");
        List<String> gates = provenance.gates(read.places());
        assertTrue(gates.containsAll(List.of("CONFIG_CEPH_FS", "CONFIG_CEPH_LIB")), gates.toString());
    }

    private static Set<String> identities(List<Finding> findings) {
        return findings.stream().map(f -> f.identity() + "@" + f.site()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyDifferenceFromFastModeHasACause() throws IOException {
        ScanResult fast = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE).scan(tree);
        List<Finding> fastFindings = ContextReachability.checkAll(fast.graph(), RulePack.bundled().rules());
        Causes causes = new Causes(viaDatabase);
        Map<String, List<String>> byCause = new TreeMap<>();
        List<String> unexplained = new ArrayList<>();

        Set<String> buildIds = identities(databaseFindings);
        for (Finding f : fastFindings) {
            if (!buildIds.contains(f.identity() + "@" + f.site())) {
                String cause = causes.ofFastOnlyFinding(f);
                (cause == null ? unexplained : byCause.computeIfAbsent("finding only in fast mode: " + cause,
                        k -> new ArrayList<>())).add(f.rule() + " " + f.site());
            }
        }
        Set<String> fastIds = identities(fastFindings);
        for (Finding f : databaseFindings) {
            if (!fastIds.contains(f.identity() + "@" + f.site())) {
                unexplained.add("finding only in build mode: " + f.rule() + " " + f.site());
            }
        }

        Map<String, CallEdge> fastEdges = edges(fast);
        Map<String, CallEdge> buildEdges = edges(viaDatabase);
        Set<String> buildSiteNames = buildEdges.values().stream().map(Causes::siteAndName).collect(Collectors.toSet());
        Set<String> fastSiteNames = fastEdges.values().stream().map(Causes::siteAndName).collect(Collectors.toSet());
        fastEdges.forEach((key, edge) -> {
            if (!buildEdges.containsKey(key)) {
                String cause = causes.ofFastOnlyEdge(edge, buildSiteNames);
                (cause == null ? unexplained : byCause.computeIfAbsent("edge only in fast mode: " + cause,
                        k -> new ArrayList<>())).add(key);
            }
        });
        buildEdges.forEach((key, edge) -> {
            if (!fastEdges.containsKey(key)) {
                String cause = causes.ofBuildOnlyEdge(edge, fastSiteNames);
                (cause == null ? unexplained : byCause.computeIfAbsent("edge only in build mode: " + cause,
                        k -> new ArrayList<>())).add(key);
            }
        });

        StringBuilder report = new StringBuilder("build mode vs fast mode on Linux 6.12.117 fs/ceph + net/ceph: "
                + fastFindings.size() + " vs " + databaseFindings.size() + " findings, " + fastEdges.size() + " vs "
                + buildEdges.size() + " edges\n");
        byCause.forEach((cause, items) -> {
            report.append(String.format("  %5d  %s%n", items.size(), cause));
            items.stream().limit(3).forEach(i -> report.append("           e.g. ").append(i).append('\n'));
        });
        report.append(String.format("  %5d  unexplained%n", unexplained.size()));
        unexplained.stream().limit(40).forEach(i -> report.append("           ").append(i).append('\n'));
        System.out.print(report);
        assertEquals(List.of(), unexplained, report.toString());
        assertTrue(byCause.keySet().stream().anyMatch(c -> c.startsWith("finding only in fast mode: configuration")),
                report.toString());
    }

    private static Map<String, CallEdge> edges(ScanResult scan) {
        Map<String, CallEdge> out = new TreeMap<>();
        for (CallEdge e : scan.graph().graph().edgeSet()) {
            out.put(e.site() + " " + e.caller().qualified() + " -> " + e.callee().qualified() + " " + e.kind().label(),
                    e);
        }
        return out;
    }

    /** Why an edge or a finding is in one mode only. */
    private static final class Causes {
        private static final Pattern DEFINE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*define[ \\t]+([A-Za-z_]\\w*)\\(");
        private final BuildInfo info;
        private final ConfigGates gates;
        private final Set<String> enabled = new HashSet<>();
        private final Set<String> buildMacros = new HashSet<>();
        private final Map<String, List<String>> lines = new HashMap<>();

        Causes(ScanResult build) throws IOException {
            info = build.build().orElseThrow();
            gates = new ConfigGates(KernelBuild.SOURCE);
            for (String line : Files.readAllLines(KernelBuild.OBJ.resolve(".config"))) {
                Matcher m = Pattern.compile("^(CONFIG_\\w+)=[ym]$").matcher(line);
                if (m.matches()) {
                    enabled.add(m.group(1));
                }
            }
            for (Path dir : List.of(KernelBuild.SOURCE.resolve("include"), KernelBuild.SOURCE.resolve("arch/x86/include"),
                    KernelBuild.OBJ.resolve("include"), KernelBuild.SOURCE.resolve("fs/ceph"),
                    KernelBuild.SOURCE.resolve("net/ceph"))) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(p -> p.toString().endsWith(".h")).toList()) {
                        Matcher m = DEFINE.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
                        while (m.find()) {
                            buildMacros.add(m.group(1));
                        }
                    }
                }
            }
        }

        static String siteAndName(CallEdge e) {
            return e.site() + " " + e.callee().name();
        }

        /** Configuration: the place's file was not built, or an #if around it is false under the .config. */
        String configuration(dev.kreach.analyzer.facts.Position place) {
            if (info.notBuilt().contains(place.file())) {
                return "configuration: " + place.file() + " not built (" + String.join(" ", gates.of(List.of(place)))
                        + ")";
            }
            for (String gate : gates.of(List.of(place))) {
                boolean negated = gate.startsWith("!");
                String option = negated ? gate.substring(1) : gate;
                if (enabled.contains(option) == negated) {
                    return "configuration: " + gate + " is false in .config";
                }
            }
            return null;
        }

        String ofFastOnlyFinding(Finding f) {
            for (var place : f.places()) {
                String cause = configuration(place);
                if (cause != null) {
                    return cause;
                }
            }
            return null;
        }

        String ofFastOnlyEdge(CallEdge e, Set<String> buildSiteNames) {
            String cause = configuration(e.site());
            if (cause != null) {
                return cause;
            }
            if (buildSiteNames.contains(siteAndName(e))) {
                return "resolved differently: the build knows the definition or type";
            }
            if (buildMacros.contains(e.callee().name())) {
                return "a macro fast mode did not know: the build expands it";
            }
            return null;
        }

        String ofBuildOnlyEdge(CallEdge e, Set<String> fastSiteNames) {
            if (fastSiteNames.contains(siteAndName(e))) {
                return "resolved differently: the build knows the definition or type";
            }
            if (!textAt(e.site()).startsWith(e.callee().name())) {
                return "a call only visible after preprocessing (inside a macro's expansion)";
            }
            return null;
        }

        private String textAt(dev.kreach.analyzer.facts.Position p) {
            List<String> file = lines.computeIfAbsent(p.file(), f -> {
                try {
                    return Files.readAllLines(KernelBuild.SOURCE.resolve(f), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return List.of();
                }
            });
            if (p.line() < 1 || p.line() > file.size()) {
                return "";
            }
            String line = file.get(p.line() - 1);
            return p.column() - 1 < line.length() ? line.substring(p.column() - 1) : "";
        }
    }
}

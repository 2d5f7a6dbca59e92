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
        databaseFindings = ContextReachability.checkAll(viaDatabase, pack);
        journalFindings = ContextReachability.checkAll(viaJournal, pack);
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
    void replayingHeadersGivesTheFactsOfPreprocessingEveryHeader() {
        Path db = KernelBuild.OBJ.resolve("compile_commands.json");
        ScanResult reading = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE).scanBuild(tree,
                BuildPlan.of(db.toString(), CompilationDatabase.read(db), KernelBuild.SOURCE, Scope.CEPH, false)
                        .withHeaderReuse(false));
        assertEquals(reading.sources(), viaDatabase.sources());
        assertEquals(reading.scopeHeaders(), viaDatabase.scopeHeaders());
        BuildInfo reuse = viaDatabase.build().orElseThrow();
        System.out.printf("header reuse on 49 units: %d inclusions replayed, %d preprocessed%n",
                reuse.inclusionsReplayed(), reuse.inclusionsRead());
        assertTrue(reuse.inclusionsReplayed() > 2 * reuse.inclusionsRead(), "most inclusions are replayed");
        assertEquals(0, reading.build().orElseThrow().inclusionsReplayed());
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
        Finding read = finding(databaseFindings, "kreach/iput-in-messenger", "fs/ceph/addr.c:259");
        assertTrue(read.configuration().containsAll(List.of("CONFIG_CEPH_FS", "CONFIG_CEPH_LIB", "CONFIG_NET")),
                read.configuration().toString());
    }

    private static Set<String> identities(List<Finding> findings) {
        return findings.stream().map(f -> f.identity() + "@" + f.site()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyDifferenceFromFastModeHasACause() throws IOException {
        ScanResult fast = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE).scan(tree);
        List<Finding> fastFindings = ContextReachability.checkAll(fast, RulePack.bundled());
        Causes causes = new Causes(viaDatabase, fast);
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
        Map<String, CallEdge> onlyFast = new TreeMap<>(fastEdges);
        onlyFast.keySet().removeAll(buildEdges.keySet());
        Map<String, CallEdge> onlyBuild = new TreeMap<>(buildEdges);
        onlyBuild.keySet().removeAll(fastEdges.keySet());
        // Fast mode puts a call written in a macro's argument at the macro (its prelude expands the macro); build
        // mode at the argument: pair such edges, same caller and callee, the build one a few lines below at most.
        String moved = "placed differently: a call inside a macro's argument (fast mode: at the macro)";
        for (var it = onlyFast.entrySet().iterator(); it.hasNext();) {
            var fastEdge = it.next();
            CallEdge f = fastEdge.getValue();
            String partner = onlyBuild.entrySet().stream().filter(b -> sameCall(f, b.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (partner != null) {
                byCause.computeIfAbsent("edge in both modes, " + moved, k -> new ArrayList<>())
                        .add(fastEdge.getKey() + "  ~  " + partner);
                onlyBuild.remove(partner);
                it.remove();
            }
        }
        Set<String> buildSiteNames = buildEdges.values().stream().map(Causes::siteAndName).collect(Collectors.toSet());
        Set<String> fastSiteNames = fastEdges.values().stream().map(Causes::siteAndName).collect(Collectors.toSet());
        onlyFast.forEach((key, edge) -> {
            String cause = causes.ofFastOnlyEdge(edge, buildSiteNames);
            (cause == null ? unexplained : byCause.computeIfAbsent("edge only in fast mode: " + cause,
                    k -> new ArrayList<>())).add(cause == null ? "fast only: " + key : key);
        });
        onlyBuild.forEach((key, edge) -> {
            String cause = causes.ofBuildOnlyEdge(edge, fastSiteNames);
            (cause == null ? unexplained : byCause.computeIfAbsent("edge only in build mode: " + cause,
                    k -> new ArrayList<>())).add(cause == null ? "build only: " + key : key);
        });

        StringBuilder report = new StringBuilder("build mode vs fast mode on Linux 6.12.117 fs/ceph + net/ceph: "
                + fastFindings.size() + " vs " + databaseFindings.size() + " findings, " + fastEdges.size() + " vs "
                + buildEdges.size() + " edges\n");
        byCause.forEach((cause, items) -> {
            report.append(String.format("  %5d  %s%n", items.size(), cause));
            items.stream().limit(3).forEach(i -> report.append("           e.g. ").append(i).append('\n'));
        });
        report.append(String.format("  %5d  unexplained%n", unexplained.size()));
        unexplained.stream().limit(150).forEach(i -> report.append("           ").append(i).append('\n'));
        System.out.print(report);
        assertEquals(List.of(), unexplained, report.toString());
        assertTrue(byCause.keySet().stream().anyMatch(c -> c.startsWith("finding only in fast mode: configuration")),
                report.toString());
    }

    /** The same call seen at two places: same caller, callee and kind, the build's place at or below the fast one. */
    private static boolean sameCall(CallEdge fast, CallEdge build) {
        return fast.caller().equals(build.caller()) && fast.callee().equals(build.callee())
                && fast.kind() == build.kind() && fast.site().file().equals(build.site().file())
                && build.site().line() >= fast.site().line() && build.site().line() <= fast.site().line() + 12;
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
        private static final Pattern DEFINE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*define[ \\t]+([A-Za-z_]\\w*)");
        private final BuildInfo info;
        private final ConfigGates gates;
        private final Set<String> enabled = new HashSet<>();
        private final Set<String> buildMacros = new HashSet<>();
        private final Map<String, List<String>> lines = new HashMap<>();

        private final ScanResult fast;
        private final Set<String> preludeMacros = new HashSet<>();

        Causes(ScanResult build, ScanResult fast) throws IOException {
            this.fast = fast;
            info = build.build().orElseThrow();
            try (var in = Causes.class.getResourceAsStream("/dev/kreach/analyzer/parse/kernel-prelude.h")) {
                Matcher m = DEFINE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    preludeMacros.add(m.group(1));
                }
            }
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
            var callee = fast.graph().definition(e.callee());
            if (e.kind() != dev.kreach.analyzer.graph.EdgeKind.DIRECT && callee.isPresent()) {
                cause = configuration(new dev.kreach.analyzer.facts.Position(callee.get().file(),
                        callee.get().line(), 1));
                if (cause != null) {
                    return cause + " (at the callee, bound through ." + e.via() + ")";
                }
            }
            cause = unknownMacroCondition(e.site());
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
            if (!writtenAt(e.site(), e.callee().name())) {
                return "a call only visible after preprocessing (inside a macro's expansion)";
            }
            for (String gate : gates.of(List.of(e.site()))) {
                if (gate.startsWith("!") && !enabled.contains(gate.substring(1))) {
                    return "configuration: " + gate + " holds in .config (fast mode enables every option)";
                }
            }
            String cause = unknownMacroCondition(e.site());
            if (cause != null) {
                return cause;
            }
            if (fast.graph().definition(e.caller()).isEmpty()) {
                return "a function only the build sees, generated by a macro (DEFINE_RB_FUNCS and the like)";
            }
            if (preludeMacros.contains(e.callee().name())) {
                return "fast mode's prelude defines the callee as a macro; the build calls the function";
            }
            String line = textAt(new dev.kreach.analyzer.facts.Position(e.site().file(), e.site().line(), 1));
            String before = line.substring(0, Math.min(line.length(), e.site().column() - 1));
            String lineBefore = textAt(new dev.kreach.analyzer.facts.Position(e.site().file(), e.site().line() - 1, 1));
            for (String macro : new TreeSet<>(preludeMacros)) {
                if (before.contains(macro + "(") || lineBefore.contains(macro + "(")) {
                    return "an argument of a macro of fast mode's prelude (" + macro + "), which drops it";
                }
            }
            return null;
        }

        private static final Pattern WORD = Pattern.compile("[A-Za-z_]\\w*");
        private static final Set<String> CONFIG_WORDS = Set.of("defined", "IS_ENABLED", "IS_BUILTIN", "IS_MODULE",
                "IS_REACHABLE");

        /**
         * An #if around the place tests a macro other than CONFIG_ options (BITS_PER_LONG, __KERNEL__): fast mode,
         * without headers, does not know it and takes the other branch.
         */
        String unknownMacroCondition(dev.kreach.analyzer.facts.Position place) {
            List<String> file = lines(place.file());
            List<String> open = new ArrayList<>();
            for (int i = 0; i < Math.min(place.line(), file.size()); i++) {
                String l = file.get(i).strip();
                if (!l.startsWith("#")) {
                    continue;
                }
                String d = l.substring(1).strip();
                if (d.startsWith("if")) {
                    open.add(d);
                } else if (d.startsWith("endif") && !open.isEmpty()) {
                    open.remove(open.size() - 1);
                }
            }
            for (String condition : open) {
                if (condition.matches("ifndef\\s+_\\w*_H_?_?\\s*")) {
                    continue; // an include guard: true in both modes
                }
                Matcher m = WORD.matcher(condition.replaceFirst("^(ifndef|ifdef|if)", ""));
                while (m.find()) {
                    String word = m.group();
                    if (!word.startsWith("CONFIG_") && !CONFIG_WORDS.contains(word)) {
                        return "an #if on a macro fast mode cannot evaluate (" + word + "): it takes the other branch";
                    }
                }
            }
            return null;
        }

        private List<String> lines(String path) {
            return lines.computeIfAbsent(path, f -> {
                try {
                    return Files.readAllLines(KernelBuild.SOURCE.resolve(f), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return List.of();
                }
            });
        }

        /** Whether the call's name is what the source has at the call's place. */
        private boolean writtenAt(dev.kreach.analyzer.facts.Position p, String name) {
            String text = textAt(p);
            return text.startsWith(name) && (text.length() == name.length()
                    || !Character.isJavaIdentifierPart(text.charAt(name.length())));
        }

        private String textAt(dev.kreach.analyzer.facts.Position p) {
            List<String> file = lines(p.file());
            if (p.line() < 1 || p.line() > file.size()) {
                return "";
            }
            String line = file.get(p.line() - 1);
            return p.column() - 1 < line.length() ? line.substring(p.column() - 1) : "";
        }
    }
}

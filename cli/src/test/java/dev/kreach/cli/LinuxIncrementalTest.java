package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.ProgressListener;
import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.graph.IncrementalGraph;
import dev.kreach.analyzer.graph.SavedIncrementalGraph;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.kbuild.KbuildCodec;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.patch.PatchSeries;
import dev.kreach.analyzer.source.OverlayTree;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.FindingsCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Linux 6.12.117's fs/ceph + net/ceph: a scan after a patch that updates the base scan's graph gives the graph
 * and the findings, chain by chain, of a full scan of the patched tree. The patches are of different kinds, each
 * read in the source to change what the graph or the rules give: a put added to a reply handler, a put deferred,
 * a call removed from the messenger's dispatch, an ops table gaining a function, and a header's struct losing the
 * field an ops call goes through. So does check-patch's scan from a saved base: a full scan of the patched tree
 * that takes kbuild's view of the base (its Kconfig defaults and file list) as saved and read back, against the
 * base's findings as saved and read back.
 */
class LinuxIncrementalTest {
    private record Edit(String name, String file, String from, String to) {
    }

    private static final List<Edit> EDITS = List.of(
            // ceph_handle_quota(), a messenger reply handler: a second, early put of the looked-up inode.
            new Edit("a new put in a reply handler", "fs/ceph/quota.c", "\tci = ceph_inode(inode);\n",
                    "\tci = ceph_inode(inode);\n\tif (!ci->i_rbytes) {\n\t\tiput(inode);\n\t\tgoto out;\n\t}\n"),
            // finish_netfs_read(): its put, deferred with the helper the pack knows.
            new Edit("a put deferred", "fs/ceph/addr.c",
                    "\tnetfs_read_subreq_terminated(subreq);\n\tiput(req->r_inode);\n",
                    "\tnetfs_read_subreq_terminated(subreq);\n\tceph_async_iput(req->r_inode);\n"),
            // mds_dispatch(): the cap messages no longer handled (a call removed in net/ceph's client).
            new Edit("a call removed from the MDS dispatch", "fs/ceph/mds_client.c",
                    "\tcase CEPH_MSG_CLIENT_CAPS:\n\t\tceph_handle_caps(s, msg);\n",
                    "\tcase CEPH_MSG_CLIENT_CAPS:\n"),
            // ceph_aops gains a ->writepages of its own making: a new writeback entry point with a put.
            new Edit("a new entry point", "fs/ceph/addr.c", "const struct address_space_operations ceph_aops = {\n",
                    "static int ceph_extra_writepages(struct address_space *mapping, struct writeback_control *wbc)"
                            + "\n{\n\tiput(mapping->host);\n\treturn 0;\n}\n\n"
                            + "const struct address_space_operations ceph_extra_aops = {\n"
                            + "\t.writepages = ceph_extra_writepages,\n};\n\n"
                            + "const struct address_space_operations ceph_aops = {\n"),
            // struct ceph_connection's ops pointer retyped in the messenger's header: con->ops->dispatch no longer
            // resolves through ceph_connection_operations, and the messenger's chains change.
            new Edit("a struct layout changed in a header", "include/linux/ceph/messenger.h",
                    "\tconst struct ceph_connection_operations *ops;\n",
                    "\tconst struct ceph_connection_operations2 *ops;\n"));

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> aScanAfterAPatchGivesTheGraphAndFindingsOfAFullScan() {
        ScanResult corpus = LinuxCorpus.scan();
        ScanResult base = new TreeScanner(corpus.options(), ProgressListener.NONE).updatable()
                .scan(LinuxCorpus.tree());
        RulePack pack = RulePack.bundled();
        ContextReachability.Outcome baseRun = ContextReachability.checkAll(base, pack, null, null);
        List<Finding> before = baseRun.findings();
        return EDITS.stream().map(edit -> DynamicTest.dynamicTest(edit.name(), () -> {
            OverlayTree patched = patched(edit);
            ScanResult updated = new TreeScanner(base.options(), ProgressListener.NONE).updatable()
                    .scan(patched, base);
            ScanResult full = new TreeScanner(base.options(), ProgressListener.NONE).scan(patched);
            assertTrue(updated.updatable().orElseThrow().resolvedCalls()
                    < full.sources().stream().mapToInt(f -> f.calls().size()).sum(), "not an update");
            assertSameGraph(full.graph(), updated.graph());
            List<Finding> expected = ContextReachability.checkAll(full, pack);
            assertEquals(expected, ContextReachability.checkAll(updated, pack), "findings and chains");
            java.util.Set<String> changed = patched.changedFrom(LinuxCorpus.tree()).orElseThrow();
            ContextReachability.Outcome again = ContextReachability.checkAll(updated, pack, baseRun.memo(), changed);
            assertEquals(expected, again.findings(), "findings and chains, the base's rules taken over");
            assertTrue(again.stats().checksTaken > 0, "no chain check taken over");
            assertNotEquals(before, expected, "the patch changes no finding");
            ScanResult fromSaved = fromSavedBase(base, patched);
            assertTrue(fromSaved.updatable().orElseThrow().resolvedCalls()
                    < full.sources().stream().mapToInt(f -> f.calls().size()).sum(), "saved base: not an update");
            assertEquals(full.kernel(), fromSaved.kernel());
            assertSameGraph(full.graph(), fromSaved.graph());
            assertEquals(expected, ContextReachability.checkAll(fromSaved, pack), "findings and chains, saved base");
            // The base's rules' run as a saved analysis keeps it, beside the graph under the same name.
            dev.kreach.rules.reach.ReachMemo saved = dev.kreach.rules.reach.ReachMemoCodec.read(ByteBuffer.wrap(
                    dev.kreach.rules.reach.ReachMemoCodec.write(baseRun.memo(), "the base")));
            ContextReachability.Outcome fromSavedRun = ContextReachability.checkAll(fromSaved, pack, saved, changed);
            assertEquals(expected, fromSavedRun.findings(), "findings and chains, saved base");
            assertEquals(again.stats().checksTaken, fromSavedRun.stats().checksTaken, "checks taken over, saved");
            assertEquals(before, FindingsCodec.read(ByteBuffer.wrap(FindingsCodec.write(before))), "saved findings");
        }));
    }

    /**
     * The patched tree scanned as check-patch scans it against a saved base: kbuild's view as saved, and the base's
     * graph, read back without any file's calls and updated (the calls it resolves again parsed from the tree).
     */
    private ScanResult fromSavedBase(ScanResult base, SourceTree patched) throws Exception {
        KbuildCodec.View view = KbuildCodec.read(ByteBuffer.wrap(KbuildCodec.write(new KbuildCodec.View(
                base.options().config().defaults(), base.kbuild()))));
        assertTrue(view.defaults().isPresent(), "the tarball's Kconfig gives the configuration");
        ScanOptions options = base.options().withConfig(KernelConfig.fromDefaults(view.defaults().get(),
                base.options().arch()));
        assertEquals(base.options().config().fingerprint(), options.config().fingerprint());
        Path file = tmp.resolve("base.graph");
        SavedIncrementalGraph.write(base.updatable().orElseThrow(), file, "this build", "the base");
        IncrementalGraph graph = SavedIncrementalGraph.read(file, "this build", "the base", options.models(),
                TreeScanner.callsIn(LinuxCorpus.tree(), options, null));
        assertTrue(graph.units().stream().allMatch(u -> u.calls().isEmpty()), "calls kept on disk");
        return new TreeScanner(options, ProgressListener.NONE).withKbuild(view.build()).scan(patched,
                TreeScanner.Previous.saved(options, LinuxCorpus.tree(), graph, view.build()));
    }

    private OverlayTree patched(Edit edit) throws IOException {
        SourceTree tree = LinuxCorpus.tree();
        String text = tree.read(edit.file()).text();
        assertTrue(text.contains(edit.from()), edit.file() + " has no " + edit.from());
        Path patch = tmp.resolve(edit.name().replace(' ', '-') + ".patch");
        Files.writeString(patch, Patches.formatPatch(edit.name(), edit.file(), text, text.replace(edit.from(),
                edit.to())));
        return new OverlayTree(tree, PatchSeries.read(List.of(patch)).apply(tree), "patched");
    }

    private static void assertSameGraph(CallGraph full, CallGraph updated) {
        assertEquals(new ArrayList<>(full.graph().vertexSet()), new ArrayList<>(updated.graph().vertexSet()),
                "functions, in order");
        for (FunctionId f : full.graph().vertexSet()) {
            assertEquals(calls(full, f), calls(updated, f), () -> "callees of " + f.qualified());
        }
        assertEquals(new ArrayList<>(full.definitions().entrySet()),
                new ArrayList<>(updated.definitions().entrySet()), "definitions");
        assertEquals(full.deferrals(), updated.deferrals(), "deferrals");
    }

    /** A function's calls in order, each with what its edge's equality leaves out (text, arguments, anchor). */
    private static List<String> calls(CallGraph graph, FunctionId f) {
        List<String> out = new ArrayList<>();
        for (CallEdge e : graph.graph().outgoingEdgesOf(f)) {
            out.add(e + "|" + e.text() + "|" + e.call().arguments() + "|" + e.call().anchor());
        }
        return out;
    }
}

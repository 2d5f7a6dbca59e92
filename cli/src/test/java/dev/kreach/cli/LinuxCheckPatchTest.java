package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.ProgressListener;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.patch.PatchSeries;
import dev.kreach.analyzer.patch.TreeLineMap;
import dev.kreach.analyzer.source.OverlayTree;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.FindingDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patches made at test time against Linux 6.12.117's fs/ceph/addr.c and fs/ceph/inode.c, checked against the
 * tarball's scan.
 */
class LinuxCheckPatchTest {
    private static final String ADDR = "fs/ceph/addr.c";
    private static final String INODE = "fs/ceph/inode.c";
    /** The end of ceph_queue_inode_work(): its queue-or-put, a note in both rules (balanced on failure). */
    private static final String QUEUE_OR_PUT = "\tihold(inode);\n\tif (queue_work(fsc->inode_wq, &ci->i_work)) {\n";

    @TempDir
    Path tmp;

    private FindingDiff check(String name, String from, String to) throws IOException {
        return check(name, ADDR, from, to);
    }

    private FindingDiff check(String name, String file, String from, String to) throws IOException {
        SourceTree tree = LinuxCorpus.tree();
        ScanResult before = LinuxCorpus.scan();
        OverlayTree patched = patched(name, file, from, to);
        ScanResult after = new TreeScanner(before.options(), ProgressListener.NONE).scan(patched, before);
        // Only the patched file was parsed again: every other file's facts are the base scan's own objects.
        for (FileFacts facts : after.sources()) {
            FileFacts old = before.file(facts.path()).orElseThrow();
            assertEquals(!facts.path().equals(file), facts == old, facts.path());
        }
        RulePack pack = RulePack.bundled();
        return FindingDiff.of(ContextReachability.checkAll(before, pack),
                ContextReachability.checkAll(after, pack), new TreeLineMap(tree, patched));
    }

    /**
     * scan --baseline on two revisions: the unpatched tree's report, JSON or SARIF, is the baseline of the tree with
     * the early put added to ceph_handle_quota(); only the added put is reported, although every line below it
     * in quota.c moved.
     */
    @Test
    void aBaselineOfTheTreeBeforeThePatchLeavesOnlyTheNewPut() throws IOException {
        ScanResult before = LinuxCorpus.scan();
        ScanResult after = new TreeScanner(before.options(), ProgressListener.NONE).scan(patched("early-put.patch",
                "fs/ceph/quota.c", "\tci = ceph_inode(inode);\n",
                "\tci = ceph_inode(inode);\n\tif (!ci->i_rbytes) {\n\t\tiput(inode);\n\t\tgoto out;\n\t}\n"), before);
        RulePack pack = RulePack.bundled();
        List<dev.kreach.rules.reach.Finding> base = ContextReachability.checkAll(before, pack);
        List<dev.kreach.rules.reach.Finding> now = ContextReachability.checkAll(after, pack);
        Path json = tmp.resolve("base.json");
        Files.writeString(json, FindingsJson.write(before, pack.registry(), base));
        Path sarif = tmp.resolve("base.sarif");
        Files.writeString(sarif, dev.kreach.sarif.SarifReport.write(before, pack.registry(), base, "kreach/t/"));
        for (Path file : List.of(json, sarif)) {
            assertEquals(List.of("kreach/iput-in-messenger fs/ceph/quota.c:71:3"), Baseline.read(file).newIn(now)
                    .stream().map(f -> f.rule() + " " + f.site()).toList(), file.toString());
        }
        assertEquals(base.size() + 1, now.size());
    }

    /**
     * Per-commit blame on the real tree, through the command line: a two-patch series whose first patch adds the
     * early put in ceph_handle_quota() and whose second drops ceph_queue_inode_work()'s ihold(); each new warning
     * names the patch that brought it, the quota one the first although the second came after it.
     */
    @Test
    void aTwoPatchSeriesBlamesEachNewWarningOnItsPatch() throws IOException {
        SourceTree tree = LinuxCorpus.tree();
        String quota = tree.read("fs/ceph/quota.c").text();
        String inode = tree.read(INODE).text();
        Path first = tmp.resolve("0001-early-put.patch");
        Files.writeString(first, Patches.formatPatch("ceph: put the inode early when it has no rbytes",
                "fs/ceph/quota.c", quota, quota.replace("\tci = ceph_inode(inode);\n",
                        "\tci = ceph_inode(inode);\n\tif (!ci->i_rbytes) {\n\t\tiput(inode);\n\t\tgoto out;\n\t}\n")));
        Path second = tmp.resolve("0002-no-ihold.patch");
        Files.writeString(second, Patches.formatPatch("ceph: do not hold the inode for its work", INODE, inode,
                inode.replace(QUEUE_OR_PUT, "\tif (queue_work(fsc->inode_wq, &ci->i_work)) {\n")));
        Cli cli = Cli.run("check-patch", LinuxCorpus.TARBALL.toString(), first.toString(), second.toString(),
                "--cache", tmp.resolve("cache").toString());
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.err());
        List<String> blamed = new java.util.ArrayList<>();
        List<String> lines = cli.out().lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).contains(": warning: ")) {
                blamed.add(lines.get(i).substring(0, lines.get(i).indexOf(": warning: ")) + " "
                        + lines.get(i).substring(lines.get(i).lastIndexOf('[')) + " " + lines.get(i + 1).strip());
            }
        }
        assertEquals(List.of(
                "fs/ceph/inode.c:2185:3 [kreach/iput-in-messenger] introduced by " + second
                        + " (\"[PATCH] ceph: do not hold the inode for its work\")",
                "fs/ceph/inode.c:2185:3 [kreach/iput-in-writeback] introduced by " + second
                        + " (\"[PATCH] ceph: do not hold the inode for its work\")",
                "fs/ceph/quota.c:71:3 [kreach/iput-in-messenger] introduced by " + first
                        + " (\"[PATCH] ceph: put the inode early when it has no rbytes\")"),
                blamed.stream().sorted().toList(), cli.out());
    }

    private OverlayTree patched(String name, String file, String from, String to) throws IOException {
        SourceTree tree = LinuxCorpus.tree();
        String text = tree.read(file).text();
        assertTrue(text.contains(from), from);
        Path patch = tmp.resolve(name);
        Files.writeString(patch, Patches.formatPatch(name, file, text, text.replace(from, to)));
        return new OverlayTree(tree, PatchSeries.read(List.of(patch)).apply(tree), "patched");
    }

    /**
     * An early put added above ceph_handle_quota()'s own (fs/ceph/quota.c:79): the added line is what is new, and
     * the old put, its statements around it untouched, keeps its identity. (Counting identical calls in the
     * function once gave the new call the old one's ordinal and reported line 79 as new.)
     */
    @Test
    void anEarlyPutAboveAnIdenticalOneIsTheNewFinding() throws IOException {
        FindingDiff diff = check("early-put.patch", "fs/ceph/quota.c", "\tci = ceph_inode(inode);\n",
                "\tci = ceph_inode(inode);\n\tif (!ci->i_rbytes) {\n\t\tiput(inode);\n\t\tgoto out;\n\t}\n");
        assertEquals(List.of("kreach/iput-in-messenger fs/ceph/quota.c:71:3"), diff.introduced().stream()
                .map(f -> f.rule() + " " + f.site()).toList());
        assertEquals(List.of(), diff.fixed());
        assertTrue(diff.unchanged().stream().anyMatch(f -> f.site().toString().equals("fs/ceph/quota.c:83:2")),
                "the old put, four lines down, is unchanged");
    }

    /**
     * Without the ihold(), ceph_queue_inode_work()'s put drops a reference only its caller held: the evidence is
     * gone, and the put, a note before, is new at warning level in both contexts.
     */
    @Test
    void droppingTheIholdOfTheQueueOrPutMakesItsPutNew() throws IOException {
        FindingDiff diff = check("no-ihold.patch", INODE, QUEUE_OR_PUT,
                "\tif (queue_work(fsc->inode_wq, &ci->i_work)) {\n");
        assertEquals(List.of("kreach/iput-in-messenger fs/ceph/inode.c:2185:3 may-be-last",
                "kreach/iput-in-writeback fs/ceph/inode.c:2185:3 may-be-last"), diff.introduced().stream()
                .map(f -> f.rule() + " " + f.site() + " " + f.lastReference().verdict().label()).sorted().toList());
        assertEquals(List.of(), diff.fixed());
    }

    /** Saying in the code that a put is not the last changes no warning: the note goes, and nothing is "fixed". */
    @Test
    void turningANotLastPutIntoIputNotLastIsNoFix() throws IOException {
        String next = "\t}\n}\n\nstatic void ceph_do_invalidate_pages";
        FindingDiff diff = check("not-last.patch", INODE, "\t\tiput(inode);\n" + next,
                "\t\tiput_not_last(inode);\n" + next);
        assertEquals(List.of(), diff.introduced());
        assertEquals(List.of(), diff.fixed());
    }

    @Test
    void deferringThePutInFinishNetfsReadFixesIt() throws IOException {
        FindingDiff diff = check("defer.patch", "\tnetfs_read_subreq_terminated(subreq);\n\tiput(req->r_inode);\n",
                "\tnetfs_read_subreq_terminated(subreq);\n\tceph_async_iput(req->r_inode);\n");
        assertEquals(List.of(), diff.introduced());
        assertEquals(1, diff.fixed().size(), diff.fixed().toString());
        assertEquals("fs/ceph/addr.c:259:2", diff.fixed().get(0).site().toString());
        assertEquals("finish_netfs_read", diff.fixed().get(0).function().name());
    }

    @Test
    void aPutAddedToTheReadCompletionIsNew() throws IOException {
        FindingDiff diff = check("put.patch", "\tnetfs_read_subreq_terminated(subreq);\n\tiput(req->r_inode);\n",
                "\tnetfs_read_subreq_terminated(subreq);\n\tiput(req->r_inode);\n\tiput(subreq->rreq->inode);\n");
        assertEquals(1, diff.introduced().size(), diff.introduced().toString());
        assertEquals("kreach/iput-in-messenger", diff.introduced().get(0).rule());
        assertEquals("iput(subreq->rreq->inode)", diff.introduced().get(0).call());
        assertEquals(List.of(), diff.fixed());
    }

    @Test
    void blankLinesAboveAFlaggedSiteChangeNothing() throws IOException {
        FindingDiff diff = check("blank.patch", "\tnetfs_read_subreq_terminated(subreq);\n\tiput(req->r_inode);\n",
                "\tnetfs_read_subreq_terminated(subreq);\n\n\n\tiput(req->r_inode);\n");
        assertEquals(List.of(), diff.introduced());
        assertEquals(List.of(), diff.fixed());
        // Every warning of the base scan (notes are not compared) is unchanged.
        assertEquals(ContextReachability.checkAll(LinuxCorpus.scan(), RulePack.bundled()).stream()
                .filter(f -> f.lastReference().mayBeLast()).count(), diff.unchanged().size());
    }
}

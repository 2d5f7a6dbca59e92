package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on the bundled demo tree: what a new user sees first. */
class CommandsTest {

    @Test
    void pathPrintsOneFunctionALineWithTheCallThatLeadsOn() {
        Cli cli = Cli.run("path", "--from", "ceph_con_workfn", "--to", "finish_netfs_read");
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertTrue(lines.get(0).startsWith("ceph_con_workfn "), cli.out());
        assertTrue(lines.get(0).contains("net/ceph/messenger.c:"), cli.out());
        assertTrue(lines.get(lines.size() - 1).startsWith("finish_netfs_read "), cli.out());
        assertTrue(cli.out().contains("field ceph_connection_operations.dispatch"), cli.out());
        assertTrue(cli.out().contains("net/ceph/osd_client.c:handle_reply "),
                "an ambiguous static is written file:name\n" + cli.out());
        assertTrue(cli.out().contains("field ceph_osd_request.r_callback"), cli.out());
    }

    @Test
    void tarballAndDirectoryGiveTheSameAnswer(@TempDir Path tmp) throws IOException {
        Path dir = DemoTrees.copyTo(tmp.resolve("tree"));
        Path tarball = DemoTrees.tarXz(dir, tmp.resolve("linux-demo.tar.xz"));
        Cli fromDir = Cli.run("path", dir.toString(), "--from", "ceph_writepages_start", "--to", "iput");
        Cli fromTar = Cli.run("path", tarball.toString(), "--from", "ceph_writepages_start", "--to", "iput");
        assertEquals(ExitCodes.OK, fromDir.exit(), fromDir.err());
        assertEquals(fromDir.out(), fromTar.out());
        assertTrue(fromTar.out().contains("folio_invalidate "), fromTar.out());
    }

    /** A writeback path whose shortest chain its own ops table rules out, beside the demo's Ceph files. */
    private static final String REFUTED = """
            struct inode;
            struct page;
            struct writeback_control;
            struct release_ops {
            	void (*put)(struct inode *inode);
            };
            struct address_space_operations {
            	int (*writepages)(struct page *page, struct writeback_control *wbc);
            };
            void iput(struct inode *inode);
            struct inode *page_inode(struct page *page);
            static void good_put(struct inode *inode)
            {
            	iput(inode);
            }
            static void other_put(struct inode *inode)
            {
            	iput(inode);
            }
            static const struct release_ops good_ops = { .put = good_put };
            static const struct release_ops other_ops = { .put = other_put };
            static void release_with(const struct release_ops *ops, struct inode *inode)
            {
            	ops->put(inode);
            }
            void myfs_drop(struct inode *inode)
            {
            	release_with(&other_ops, inode);
            }
            static void drop_other(struct inode *inode)
            {
            	other_put(inode);
            }
            static int my_writepages(struct page *page, struct writeback_control *wbc)
            {
            	struct inode *inode = page_inode(page);

            	release_with(&good_ops, inode);
            	drop_other(inode);
            	return 0;
            }
            const struct address_space_operations myfs_aops = { .writepages = my_writepages };
            """;

    @Test
    void explainShowsTheRefutedChainAndTheOneReported(@TempDir Path tmp) throws IOException {
        Path dir = DemoTrees.copyTo(tmp.resolve("tree"));
        Files.createDirectories(dir.resolve("fs/ceph"));
        Files.writeString(dir.resolve("fs/ceph/myfs.c"), REFUTED);
        Cli cli = Cli.run("path", dir.toString(), "--explain", "--from", "my_writepages", "--to", "other_put");
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals("kreach/iput-in-writeback: fs/ceph/myfs.c:18:2 iput(inode) in other_put", lines.get(0), cli.out());
        assertEquals("  chain 1, refuted at hop 2: ops->put in release_with at fs/ceph/myfs.c:24 can only be good_put "
                + "(fs/ceph/myfs.c:20), not other_put; traced through fs/ceph/myfs.c:38", lines.get(1), cli.out());
        assertTrue(lines.get(2).startsWith("    my_writepages "), cli.out());
        assertTrue(lines.get(3).startsWith("    release_with ") && lines.get(3).contains("field release_ops.put"),
                cli.out());
        assertTrue(lines.get(4).startsWith("        refuted: ops->put in release_with"), cli.out());
        assertEquals("  chain 2, reported", lines.get(6), cli.out());
        assertTrue(lines.get(7).startsWith("    my_writepages ") && lines.get(8).startsWith("    drop_other "),
                cli.out());

        Cli notEntry = Cli.run("path", dir.toString(), "--explain", "--from", "drop_other", "--to", "other_put");
        assertEquals(ExitCodes.NEGATIVE, notEntry.exit());
        assertEquals("kreach: drop_other is not an entry point of any rule (--explain starts from one)\n",
                notEntry.err());
    }

    private static final String HELD = """
            struct inode;
            struct page;
            struct writeback_control;
            struct address_space_operations {
            	int (*writepages)(struct page *page, struct writeback_control *wbc);
            };
            void iput(struct inode *inode);
            void ihold(struct inode *inode);
            int queue_it(struct inode *inode);
            struct inode *page_inode(struct page *page);
            static void queue_inode(struct inode *inode)
            {
            	ihold(inode);
            	if (!queue_it(inode))
            		iput(inode);
            }
            static int my_writepages(struct page *page, struct writeback_control *wbc)
            {
            	queue_inode(page_inode(page));
            	return 0;
            }
            const struct address_space_operations myfs_aops = { .writepages = my_writepages };
            """;

    @Test
    void aPutThatCannotBeTheLastIsANoteWithItsEvidenceAndExitsZero(@TempDir Path tmp) throws IOException {
        Path dir = DemoTrees.copyTo(tmp.resolve("tree"));
        Files.createDirectories(dir.resolve("fs/myfs"));
        Files.writeString(dir.resolve("fs/myfs/inode.c"), HELD);
        Cli cli = Cli.run("scan", dir.toString(), "--scope", "fs/myfs");
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals("fs/myfs/inode.c:15:3: note: iput() may drop the last inode reference in writeback context; "
                + "not last [kreach/iput-in-writeback]", lines.get(0), cli.out());
        assertEquals("    evidence: held-here: ihold(inode) at fs/myfs/inode.c:13 takes the reference this put drops; "
                + "the caller's own reference to inode, which it passes to queue_inode, is held across it",
                lines.get(1), cli.out());
        assertTrue(cli.out().contains("1 finding: kreach/iput-in-writeback 1 (1 not last), "), cli.out());
        // The tree has no iput_not_last(): nothing to offer for the note.
        assertTrue(!cli.out().contains("    fix: "), cli.out());

        Files.writeString(dir.resolve("fs/myfs/not_last.c"), "struct inode;\nvoid iput_not_last(struct inode *inode)\n"
                + "{\n}\n");
        Cli helper = Cli.run("scan", dir.toString(), "--scope", "fs/myfs");
        assertTrue(helper.out().contains("\n    fix: leave it, or make it iput_not_last() to say in the code that it is "
                + "not the last\n"), helper.out());
        Cli demo = Cli.run("scan");
        assertTrue(demo.out().contains("\n    fix: defer the put out of this context, to a work item\n"), demo.out());

        Cli warnings = Cli.run("scan", dir.toString(), "--scope", "fs/myfs", "--min-level", "warning");
        assertEquals(ExitCodes.OK, warnings.exit(), warnings.err());
        assertTrue(warnings.out().startsWith("0 findings: "), warnings.out());

        Cli json = Cli.run("scan", dir.toString(), "--scope", "fs/myfs", "--format", "json");
        assertTrue(json.out().contains("\"level\" : \"note\"") && json.out().contains("\"lastReference\" : \"not-last\"")
                && json.out().contains("\"lastReferenceReasoner\" : \"held-here\""), json.out());

        Cli bad = Cli.run("scan", dir.toString(), "--min-level", "notice");
        assertEquals(ExitCodes.BAD_INPUT, bad.exit());
        assertEquals("kreach: --min-level takes note, warning or error, not 'notice'\n", bad.err());
    }

    @Test
    void noPathExitsOne() {
        Cli cli = Cli.run("path", "--from", "finish_netfs_read", "--to", "ceph_con_workfn");
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.err());
        assertTrue(cli.errLines().contains("no call chain from finish_netfs_read to ceph_con_workfn"), cli.err());
    }

    @Test
    void calleesAndCallersListKindAndSite() {
        Cli callees = Cli.run("graph", "--callees", "osd_client.c:__complete_request");
        assertEquals(ExitCodes.OK, callees.exit(), callees.err());
        assertTrue(callees.out().lines().anyMatch(l -> l.startsWith("finish_netfs_read ")
                && l.contains("field ceph_osd_request.r_callback") && l.contains("net/ceph/osd_client.c:")),
                callees.out());
        Cli callers = Cli.run("graph", "--callers", "ceph_invalidate_folio");
        assertEquals(ExitCodes.OK, callers.exit(), callers.err());
        assertTrue(callers.out().lines().anyMatch(l -> l.startsWith("folio_invalidate ") && l.contains("model")),
                callers.out());
    }

    @Test
    void outputIsDeterministic() {
        String first = Cli.run("graph", "--callees", "ceph_con_workfn", "--format", "dot", "--depth", "4").out();
        String second = Cli.run("graph", "--callees", "ceph_con_workfn", "--format", "dot", "--depth", "4").out();
        assertEquals(first, second);
        String stats1 = StatsCommand.render(Cli.runScan(), false, true);
        String stats2 = StatsCommand.render(Cli.runScan(), false, true);
        assertEquals(stats1, stats2);
    }

    @Test
    void dotRendersWithGraphviz(@TempDir Path tmp) throws IOException, InterruptedException {
        Cli cli = Cli.run("path", "--from", "ceph_con_workfn", "--to", "finish_netfs_read", "--format", "dot");
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        assertTrue(cli.out().startsWith("digraph kreach {"), cli.out());
        assertTrue(cli.out().contains("style=dashed, color=\"#1f5fbf\""), "field edges are styled\n" + cli.out());
        Path dot = tmp.resolve("path.dot");
        Files.writeString(dot, cli.out());
        Path svg = tmp.resolve("path.svg");
        Process p = new ProcessBuilder("dot", "-Tsvg", dot.toString(), "-o", svg.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "dot failed (is graphviz installed? .ci/run installs it): " + log);
        String image = Files.readString(svg);
        assertTrue(image.contains("<svg"), image);
        assertTrue(image.contains("ceph_con_workfn") && image.contains("finish_netfs_read"), image);
    }

    @Test
    void statsListsCountsAndEdgeKinds() {
        Cli cli = Cli.run("stats");
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        assertTrue(cli.out().contains("tree       bundled demo tree (Linux 6.12.0)"), cli.out());
        assertTrue(cli.out().matches("(?s).*edges +[0-9,]+: direct [0-9,]+, field [0-9,]+, field-name-only [0-9,]+, "
                + "callback [0-9,]+, callback-argument [0-9,]+, model [0-9,]+\n.*"), cli.out());
        assertTrue(cli.out().contains("problems   0 problem nodes"), cli.out());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("graph", "path", "stats")) {
            Cli cli = Cli.run(command, "--help");
            assertEquals(ExitCodes.OK, cli.exit());
            assertTrue(cli.out().startsWith("Usage: kreach " + command), cli.out());
        }
    }
}

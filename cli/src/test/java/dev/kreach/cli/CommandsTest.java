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

package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * scan --format dot: exactly one finding's chain, top to bottom, entry point first and the sink call last, each
 * arrow with its call site; the picture in the README (docs/finding-chain.svg) is rendered from what kreach draws.
 */
class FindingDotTest {
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void oneFindingIsDrawnEntryPointFirst() {
        Cli cli = Cli.run("scan", "--format", "dot", "--finding", "fs/ceph/dir.c:20");
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals("digraph finding {", lines.get(0));
        assertTrue(lines.contains("  rankdir=TB;"), cli.out());
        List<String> nodes = lines.stream().filter(l -> l.matches("  n\\d+ \\[label=.*")).toList();
        assertEquals(List.of("ceph_con_workfn", "try_read", "process_message", "mds_dispatch",
                "fs/ceph/mds_client.c:handle_reply", "complete_request", "ceph_async_unlink_cb", "iput(inode)"),
                nodes.stream().map(l -> l.substring(l.indexOf("label=\"") + 7, l.indexOf("\\n"))).toList());
        assertEquals("  n7 [label=\"iput(inode)\\nfs/ceph/dir.c:20:2\", style=filled, fillcolor=\"#ffe9a8\"];",
                nodes.get(7));
        assertTrue(lines.contains("  n5 -> n6 [style=dashed, color=\"#1f5fbf\", label=\"ceph_mds_request.r_callback"
                + "\\nfs/ceph/mds_client.c:15:3\\nunverified\"];"), cli.out());
        assertEquals(7, lines.stream().filter(l -> l.contains(" -> ")).count(), cli.out());
        assertTrue(cli.out().contains("label=\"fs/ceph/dir.c:20:2: warning: iput() may drop the last inode reference "
                + "in the Ceph messenger (1 unverified hop) [kreach/iput-in-messenger]\\nentry point: ceph_con_workfn, "
                + "work ceph_connection.work\\n"), cli.out());
    }

    /** The README's picture is this very chain, and Graphviz renders it. */
    @Test
    void theReadmePictureIsWhatKreachDraws() throws IOException, InterruptedException {
        Cli cli = Cli.run("scan", "--format", "dot", "--finding", "kreach/iput-in-messenger@fs/ceph/dir.c:20:2");
        assertEquals(Files.readString(DOCS.resolve("finding-chain.dot")), cli.out(),
                "docs/finding-chain.dot is stale: ./kreach scan --format dot --finding fs/ceph/dir.c:20 "
                        + "-o docs/finding-chain.dot && dot -Tsvg docs/finding-chain.dot > docs/finding-chain.svg");
        Process dot = new ProcessBuilder("dot", "-Tsvg").redirectErrorStream(true).start();
        dot.getOutputStream().write(cli.out().getBytes(StandardCharsets.UTF_8));
        dot.getOutputStream().close();
        String svg = new String(dot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, dot.waitFor(), svg);
        assertTrue(svg.contains("<svg") && svg.contains("ceph_async_unlink_cb"), svg);
        String committed = Files.readString(DOCS.resolve("finding-chain.svg"));
        assertTrue(committed.contains("<svg") && committed.contains("ceph_async_unlink_cb"), "docs/finding-chain.svg");
    }

    @Test
    void withoutAChoiceAScanOfSeveralFindingsSaysHowToPickOne() {
        Cli cli = Cli.run("scan", "--format", "dot");
        assertEquals(ExitCodes.BAD_INPUT, cli.exit(), cli.err());
        assertTrue(cli.err().contains("kreach: --format dot draws one finding, and the scan has 3; pick one with "
                + "--finding, e.g. --finding fs/ceph/caps.c:48\n"), cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void aChoiceThatMatchesNothingIsOneLine() {
        Cli cli = Cli.run("scan", "--format", "dot", "--finding", "kreach/iput-in-writeback@fs/ceph/dir.c:20");
        assertEquals(ExitCodes.BAD_INPUT, cli.exit(), cli.err());
        assertTrue(cli.err().contains("kreach: --finding kreach/iput-in-writeback@fs/ceph/dir.c:20: no finding there "
                + "(3 in the scan, e.g. fs/ceph/caps.c:48)\n"), cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void aChoiceWithoutADotReportIsRefused() {
        Cli cli = Cli.run("scan", "--finding", "fs/ceph/dir.c:20");
        assertEquals(ExitCodes.BAD_INPUT, cli.exit(), cli.err());
        assertTrue(cli.err().startsWith("kreach: --finding picks the one finding --format dot draws; no dot report was "
                + "asked for\n"), cli.err());
    }
}

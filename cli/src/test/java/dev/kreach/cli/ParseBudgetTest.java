package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pathological file costs its own skip, named; it neither holds the scan nor the process's exit. */
class ParseBudgetTest {
    @TempDir
    Path tmp;

    /** {@code A40} expands to 2^40 tokens, all built by the preprocessor before the parser sees one. */
    static String macroBomb() {
        StringBuilder text = new StringBuilder("#define A0 x\n");
        for (int i = 1; i <= 40; i++) {
            text.append("#define A").append(i).append(" A").append(i - 1).append(" A").append(i - 1).append('\n');
        }
        return text.append("int bomb(void) { return A40; }\n").toString();
    }

    private Path treeWithBomb() throws IOException {
        Path tree = DemoTrees.minimal(tmp.resolve("linux"), "void f(void) { }\nvoid g(void) { f(); }\n");
        Files.writeString(tree.resolve("fs/ceph/bomb.c"), macroBomb());
        return tree;
    }

    @Test
    void aMacroThatExpandsWithoutBoundIsANamedSkipAndTheRestIsScanned() throws IOException {
        Path tree = treeWithBomb();
        Cli cli = Cli.run("stats", tree.toString(), "--no-cache", "--parse-memory", "256");
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        assertTrue(cli.out().contains("skipped    1\n  fs/ceph/bomb.c: over the parse budget: more than 256 MiB "
                + "allocated (a macro that expands without bound?)\n"), cli.out());
        assertTrue(cli.out().contains("functions  2 defined in C files, 2 parsed cleanly"), cli.out());
        Cli graph = Cli.run("path", tree.toString(), "--no-cache", "--parse-memory", "256", "--from", "g", "--to",
                "f");
        assertEquals(ExitCodes.OK, graph.exit(), "a.c, parsed beside the stopped file, is whole: " + graph.err());
    }

    @Test
    void aParseBudgetMustBePositive() throws IOException {
        Path tree = treeWithBomb();
        Cli seconds = Cli.run("stats", tree.toString(), "--parse-seconds", "0");
        assertEquals(ExitCodes.BAD_INPUT, seconds.exit(), seconds.err());
        assertEquals("kreach: --parse-seconds 0: must be a positive number of seconds\n", seconds.errLines());
        Cli memory = Cli.run("stats", tree.toString(), "--parse-memory", "-5");
        assertEquals(ExitCodes.BAD_INPUT, memory.exit(), memory.err());
        assertEquals("kreach: --parse-memory -5: must be a positive number of MiB\n", memory.errLines());
    }

    /** Mid-expansion, the heap filling: the JVM still stops at once, and no report is left half-written. */
    @Test
    void sigtermStopsAScanWithinASecond() throws Exception {
        Path tree = treeWithBomb();
        Path report = tmp.resolve("report.json");
        Process scan = KreachProcess.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"), List.of("-Xmx4g"), "scan",
                tree.toString(), "--scope", "fs/ceph", "--no-cache", "--parse-memory", "1000000", "--format", "json",
                "-o", report.toString());
        Thread.sleep(2000);
        assertTrue(scan.isAlive(), "still expanding the macro when signalled: " + Files.readString(tmp.resolve(
                "err.txt")));
        long signalled = System.nanoTime();
        scan.destroy();
        assertTrue(scan.waitFor(1, TimeUnit.SECONDS), "still running a second after SIGTERM");
        assertTrue(System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(1));
        assertEquals(143, scan.exitValue(), "ended by the signal");
        assertFalse(Files.exists(report), "no report, whole or partial");
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("err.txt", "linux", "out.txt"), left.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "no temporary report left beside it");
        }
    }

    /** The heap, not a file, is too small: one line and the internal-error code, never a skip or a result. */
    @Test
    void outOfMemoryIsOneLineAndExitThree() throws Exception {
        Process scan = KreachProcess.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"), List.of("-Xmx8m"), "scan",
                "--no-cache");
        assertTrue(scan.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(tmp.resolve("err.txt"));
        assertEquals(ExitCodes.INTERNAL_ERROR, scan.exitValue(), err);
        assertEquals("kreach: internal error: out of memory (the Java heap is too small for this scan: raise -Xmx)",
                err.lines().reduce((a, b) -> b).orElse(""), err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), err);
    }
}

package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o} replaces only a regular file, and keeps what the user named: a link stays a link, a file keeps its
 * mode, a FIFO stays a FIFO and gets the report written into it, a directory is refused in one line.
 */
class OutputTargetTest {
    @TempDir
    Path tmp;

    @Test
    void aRegularFileKeepsItsMode() throws Exception {
        Path out = tmp.resolve("private.json");
        Files.writeString(out, "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
        assertEquals(ExitCodes.NEGATIVE, Cli.run("scan", "--format", "json", "-o", out.toString()).exit());
        assertTrue(Files.readString(out).startsWith("{"), Files.readString(out));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file is left beside the report");
        }
    }

    @Test
    void aLinkStaysALinkAndItsTargetGetsTheReport() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("reports")).resolve("kreach.json");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(tmp.resolve("latest.json"), real);
        assertEquals(ExitCodes.NEGATIVE, Cli.run("scan", "--format", "json", "-o", link.toString()).exit());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(real, Files.readSymbolicLink(link));
        assertTrue(Files.readString(real).startsWith("{"));
    }

    @Test
    void aFifoGetsTheReportWrittenIntoIt() throws Exception {
        Path fifo = tmp.resolve("report.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(Files.readAllBytes(fifo), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli cli = Cli.run("scan", "--format", "json", "-o", fifo.toString());
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.err());
        assertTrue(reader.get(60, TimeUnit.SECONDS).startsWith("{"));
        assertFalse(Files.isRegularFile(fifo), "the FIFO is still a FIFO");
        assertTrue(Files.exists(fifo));
    }

    @Test
    void aDirectoryIsRefusedInOneLine() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Cli cli = Cli.run("scan", "--format", "json", "-o", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, cli.exit());
        assertEquals("kreach: cannot write " + dir + ": it is a directory\n", cli.errLines());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    /** A report that cannot reach standard output (a full disk) is one line and exit 2, never a silent result. */
    @Test
    void aFailedWriteToStandardOutputIsOneLineAndExitTwo() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "no /dev/full on this system");
        Process p = KreachProcess.start(full, tmp.resolve("err.txt"), List.of(), "scan", "--no-cache");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(tmp.resolve("err.txt"));
        assertEquals(ExitCodes.BAD_INPUT, p.exitValue(), err);
        // The scan's own notes on stderr come first; the failure is the last line, and the only one that says so.
        List<String> lines = err.lines().toList();
        assertEquals("kreach: cannot write to standard output (the disk is full, or the reader of a pipe went away): "
                + "the output is incomplete", lines.get(lines.size() - 1));
        assertEquals(1, lines.stream().filter(l -> l.contains("cannot write")).count(), err);
    }
}

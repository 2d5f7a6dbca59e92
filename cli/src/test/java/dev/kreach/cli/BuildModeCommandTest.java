package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreach.analyzer.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kreach scan --compile-commands` end to end on a two-file tree whose second file the build did not compile: it is
 * listed, not analysed; with --fallback fast it is parsed and its findings are marked, in text, JSON and SARIF, which
 * also say what the scan was computed for.
 */
class BuildModeCommandTest {
    @TempDir
    Path tmp;
    private Path src;
    private Path db;
    private String configSha;

    @BeforeEach
    void tree() throws IOException {
        src = tmp.resolve("linux");
        Path obj = tmp.resolve("obj");
        Files.createDirectories(src.resolve("include/linux"));
        Files.createDirectories(src.resolve("fs/ceph"));
        Files.createDirectories(obj);
        Files.writeString(src.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 7\n");
        Files.writeString(src.resolve("fs/ceph/Makefile"), "obj-$(CONFIG_CEPH_FS) += ceph.o\nceph-y := addr.o\n"
                + "ceph-$(CONFIG_CEPH_WB_NOTE) += wbnote.o\n");
        Files.writeString(src.resolve("include/linux/fs.h"), """
                struct writeback_control;
                struct inode { int i_count; };
                struct address_space { struct inode *host; };
                struct address_space_operations {
                	int (*writepages)(struct address_space *mapping, struct writeback_control *wbc);
                };
                void iput(struct inode *inode);
                void ceph_wb_note(struct inode *inode);
                """);
        Files.writeString(src.resolve("fs/ceph/addr.c"), """
                #include <linux/fs.h>
                static int ceph_writepages_start(struct address_space *mapping, struct writeback_control *wbc)
                {
                	ceph_wb_note(mapping->host);
                	return 0;
                }
                const struct address_space_operations ceph_aops = { .writepages = ceph_writepages_start };
                """);
        Files.writeString(src.resolve("fs/ceph/wbnote.c"), """
                #include <linux/fs.h>
                void ceph_wb_note(struct inode *inode)
                {
                	if (--inode->i_count == 0)
                		iput(inode);
                }
                """);
        String config = "CONFIG_CEPH_FS=m\n# CONFIG_CEPH_WB_NOTE is not set\n";
        Files.writeString(obj.resolve(".config"), config);
        configSha = Sha256.hex(config.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        db = obj.resolve("compile_commands.json");
        Files.writeString(db, "[{\"directory\": \"" + obj + "\", \"file\": \"" + src.resolve("fs/ceph/addr.c")
                + "\", \"command\": \"gcc -nostdinc -I" + src.resolve("include") + " -DKBUILD_MODNAME='\\\"ceph\\\"' "
                + "-O2 -Wall -Wp,-MMD,fs/ceph/.addr.o.d -c -o fs/ceph/addr.o " + src.resolve("fs/ceph/addr.c") + "\"}]");
    }

    /** Build mode reads what the command line points at, outside any tree listing: a FIFO there is named too. */
    @Test
    void aFifoOnTheIncludePathIsANamedSkipNotAHang() throws Exception {
        Path header = src.resolve("include/linux/fs.h");
        Files.delete(header);
        Process mkfifo = new ProcessBuilder("mkfifo", header.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
        Cli cli = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> Cli.run("scan", src.toString(), "--compile-commands", db.toString(), "--no-cache"));
        assertTrue(cli.err().contains("kreach: skipped include/linux/fs.h: unreadable: not a regular file (a FIFO, "
                + "socket or device), which kreach does not open; every include of it read as missing\n"), cli.err());
    }

    @Test
    void aFileTheBuildDidNotCompileIsListedNotAnalysed() throws IOException {
        Cli cli = Cli.run("scan", src.toString(), "--compile-commands", db.toString(), "--no-cache");
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        assertTrue(cli.out().contains("0 findings"), cli.out());
        assertTrue(cli.out().contains("build mode: Linux 6.12.7, .config sha256 " + configSha.substring(0, 16)
                + ", 1 translation units from " + db), cli.out());
        assertTrue(cli.out().contains("1 scoped C file not built under this configuration (not analysed; "
                + "--fallback fast parses them):\n    fs/ceph/wbnote.c\n"), cli.out());
    }

    @Test
    void fallbackFastAnalysesItAndMarksTheFindingInEveryFormat() throws IOException {
        Cli text = Cli.run("scan", src.toString(), "--compile-commands", db.toString(), "--fallback", "fast",
                "--no-cache");
        assertEquals(ExitCodes.NEGATIVE, text.exit(), text.err());
        assertTrue(text.out().contains("fs/ceph/wbnote.c:5:3: warning: iput() may drop the last inode reference in "
                + "writeback context [kreach/iput-in-writeback]"), text.out());
        assertTrue(text.out().contains("    configuration: CONFIG_CEPH_FS=m && CONFIG_CEPH_WB_NOTE\n"
                + "    fast mode: fs/ceph/wbnote.c not built under this configuration; parsed by --fallback fast\n"),
                text.out());

        Cli json = Cli.run("scan", src.toString(), "--compile-commands", db.toString(), "--fallback", "fast",
                "--no-cache", "--format", "json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals("6.12.7", root.path("build").path("kernelVersion").asText());
        assertEquals(configSha, root.path("build").path("configSha256").asText());
        assertEquals("fs/ceph/wbnote.c", root.path("build").path("notBuilt").get(0).asText());
        assertEquals("fs/ceph/wbnote.c", root.path("findings").get(0).path("fastMode").get(0).asText());
        assertEquals("CONFIG_CEPH_WB_NOTE", root.path("findings").get(0).path("configuration").get(1).asText());

        Cli sarif = Cli.run("scan", src.toString(), "--compile-commands", db.toString(), "--fallback", "fast",
                "--no-cache", "--format", "sarif");
        JsonNode run = new ObjectMapper().readTree(sarif.out()).path("runs").get(0);
        assertEquals("build", run.path("properties").path("mode").asText());
        assertEquals(configSha, run.path("properties").path("configSha256").asText());
        assertEquals("fs/ceph/wbnote.c", run.path("results").get(0).path("properties").path("fastMode").get(0).asText());
    }

    @Test
    void statsSaysWhatBuildItDescribes() throws IOException {
        Cli cli = Cli.run("stats", src.toString(), "--compile-commands", db.toString());
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        assertTrue(cli.out().contains("config     build mode: Linux 6.12.7, .config sha256 " + configSha.substring(0, 16)),
                cli.out());
        assertTrue(cli.out().contains("cache      off (build mode)"), cli.out());
        assertTrue(cli.out().matches("(?s).*headers    \\d+ distinct read; of \\d+ inclusions, \\d+ replayed from a "
                + "recorded version\n.*"), cli.out());
        Cli reading = Cli.run("stats", src.toString(), "--compile-commands", db.toString(), "--no-header-reuse");
        assertTrue(reading.out().contains("of 0 inclusions, 0 replayed from a recorded version (--no-header-reuse)"),
                reading.out());
    }

    @Test
    void theSameBuildGivesTheSameBytes() {
        String[] args = {"scan", src.toString(), "--compile-commands", db.toString(), "--fallback", "fast",
            "--format", "sarif"};
        assertEquals(Cli.run(args).out(), Cli.run(args).out());
    }
}

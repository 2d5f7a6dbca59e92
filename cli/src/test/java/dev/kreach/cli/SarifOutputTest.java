package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.sarif.SarifSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kreach scan --format sarif on the bundled demo tree: valid, written whole, beside other formats. */
class SarifOutputTest {

    @TempDir
    Path tmp;

    @Test
    void sarifToStdoutIsSchemaValid() {
        Cli cli = Cli.run("scan", "--format", "sarif");
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.err());
        SarifSchema.assertValid(cli.out());
        assertTrue(cli.out().contains("\"automationDetails\" : {\n      \"id\" : \"kreach/fs-ceph+net-ceph/\""),
                cli.out());
    }

    /** The demo tree has no SMB client: the SMB rule's empty results are marked as a rule not run, not a clean one. */
    @Test
    void aRuleThatRanNowhereIsANotification() throws IOException {
        com.fasterxml.jackson.databind.JsonNode run = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Cli.runToString("scan", "--format", "sarif")).get("runs").get(0);
        List<String> notRun = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode n : run.get("invocations").get(0)
                .get("toolExecutionNotifications")) {
            if (n.get("descriptor").get("id").asText().equals("rule-not-run")) {
                notRun.add(n.get("associatedRule").get("id").asText() + " " + n.get("associatedRule").get("index")
                        + " " + n.path("level").asText("warning"));   // SARIF's default level
            }
        }
        assertEquals(List.of("kreach/iput-in-smb-receive 2 warning"), notRun);
    }

    /** GitHub's category is the id up to its last "/": one per scope, and the whole of a user's own id. */
    @Test
    void categoriesOfDifferentScopesDiffer() {
        String fs = Cli.runToString("scan", "--format", "sarif", "--scope", "fs/ceph");
        assertTrue(fs.contains("\"id\" : \"kreach/fs-ceph/\""), fs);
        String mine = Cli.runToString("scan", "--format", "sarif", "--sarif-category", "kreach/ceph");
        assertTrue(mine.contains("\"id\" : \"kreach/ceph/\""), mine);
        String whole = Cli.runToString("scan", "--format", "sarif", "--scope", ".");
        assertTrue(whole.contains("\"id\" : \"kreach/whole-tree/\""), whole);
    }

    @Test
    void textAndSarifInOneRun() throws IOException {
        Path out = tmp.resolve("results.sarif");
        Cli cli = Cli.run("scan", "--format", "text", "--format", "sarif", "-o", out.toString());
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.err());
        assertTrue(cli.out().contains(": warning: iput() may drop the last inode reference"), cli.out());
        String sarif = Files.readString(out);
        SarifSchema.assertValid(sarif);
        assertEquals(sarif, Cli.runToString("scan", "--format", "sarif"), "the file holds what stdout would");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out)));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file is left beside the report");
        }
    }

    @Test
    void aFailedRunLeavesNoFile() {
        Path out = tmp.resolve("results.sarif");
        Cli cli = Cli.run("scan", tmp.resolve("missing-tree").toString(), "--format", "sarif", "-o", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, cli.exit());
        assertFalse(Files.exists(out));
        Path unwritable = tmp.resolve("no-such-dir/results.sarif");
        Cli cannot = Cli.run("scan", "--format", "sarif", "-o", unwritable.toString());
        assertEquals(ExitCodes.BAD_INPUT, cannot.exit());
        assertTrue(cannot.errLines().startsWith("kreach: cannot write " + unwritable + ": "), cannot.err());
        assertFalse(Files.exists(unwritable));
    }

    @Test
    void outputNeedsExactlyOneFileFormat() {
        Cli both = Cli.run("scan", "--format", "json", "--format", "sarif", "-o", tmp.resolve("x").toString());
        assertEquals(ExitCodes.BAD_INPUT, both.exit());
        assertTrue(both.err().startsWith("kreach: -o takes the one json, sarif or dot report"), both.err());
        Cli two = Cli.run("scan", "--format", "text", "--format", "sarif");
        assertEquals(ExitCodes.BAD_INPUT, two.exit());
        assertTrue(two.err().startsWith("kreach: only one format can go to stdout"), two.err());
    }
}

package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * --suppressions on the demo tree, whose three findings are fs/ceph/caps.c (writeback, ceph_put_wrbuffer_cap_refs),
 * fs/ceph/addr.c (messenger, finish_netfs_read, iput(req->r_inode)) and fs/ceph/dir.c (messenger,
 * ceph_async_unlink_cb, iput(inode)). Each case: the entry's keys, and which findings it sets aside.
 */
class SuppressionsTest {
    @TempDir
    Path tmp;

    private Path file(String entry) throws IOException {
        Path yaml = tmp.resolve("suppressions.yaml");
        Files.writeString(yaml, "suppressions:\n  - " + entry.replace("; ", "\n    ") + "\n");
        return yaml;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // matching: by function, by file, by function and argument
        "rule: kreach/iput-in-messenger; function: ceph_async_unlink_cb; reason: r      | fs/ceph/dir.c",
        "rule: kreach/iput-in-writeback; file: fs/ceph/caps.c; reason: r                | fs/ceph/caps.c",
        "rule: kreach/iput-in-messenger; function: finish_netfs_read; argument: req->r_inode; reason: r | fs/ceph/addr.c",
        // not matching: another argument, another rule, another file
        "rule: kreach/iput-in-messenger; function: finish_netfs_read; argument: inode; reason: r | ''",
        "rule: kreach/iput-in-writeback; function: ceph_async_unlink_cb; reason: r      | ''",
        "rule: kreach/iput-in-messenger; file: fs/ceph/caps.c; reason: r                | ''",
    })
    void anEntrySetsAsideExactlyTheFindingsItNames(String entry, String suppressed) throws IOException {
        Cli cli = Cli.run("scan", "--suppressions", file(entry).toString(), "--format", "sarif");
        List<String> aside = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(cli.out()).at("/runs/0/results")) {
            String uri = result.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
            (result.has("suppressions") ? aside : shown).add(uri);
        }
        assertEquals(suppressed.isEmpty() ? List.of() : List.of(suppressed), aside, cli.out());
        assertEquals(3, aside.size() + shown.size());
    }

    @Test
    void aSuppressedFindingIsCountedCarriesItsReasonAndFailsNothing() throws IOException {
        Path yaml = file("rule: kreach/iput-in-writeback; file: fs/ceph/caps.c; reason: the dirty-buffer references "
                + "hold the inode");
        Cli text = Cli.run("scan", "--suppressions", yaml.toString());
        assertEquals(ExitCodes.NEGATIVE, text.exit(), "the two messenger findings still fail the scan");
        assertTrue(text.out().contains("2 findings: kreach/iput-in-writeback 0, kreach/iput-in-messenger 2, "
                + "kreach/iput-in-smb-receive not run (no entry point in the scope); 1 suppressed\n"), text.out());
        assertTrue(!text.out().contains("fs/ceph/caps.c:48:3: warning"), text.out());
        JsonNode json = new ObjectMapper().readTree(Cli.run("scan", "--suppressions", yaml.toString(), "--format",
                "json").out());
        assertEquals(1, json.at("/summary/suppressed").asInt());
        assertEquals("the dirty-buffer references hold the inode", json.at("/suppressed/0/reason").asText());
        assertEquals(yaml + ":2", json.at("/suppressed/0/suppression").asText());
        JsonNode sarif = new ObjectMapper().readTree(Cli.run("scan", "--suppressions", yaml.toString(), "--format",
                "sarif").out());
        JsonNode suppression = sarif.at("/runs/0/results/0/suppressions/0");
        assertEquals("external", suppression.get("kind").asText());
        assertEquals("accepted", suppression.get("status").asText());
        assertEquals("the dirty-buffer references hold the inode (" + yaml + ":2)",
                suppression.get("justification").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rule: kreach/iput-in-writeback; file: fs/ceph/caps.c              | 2: missing 'reason'",
        "rule: kreach/iput-in-writeback; file: fs/ceph/caps.c; reason: \"  \" | 4: expected reason",
        "rule: kreach/iput-in-writeback; reason: r                         | 2: a suppression names the function or the file of the put (or both)",
        "rule: kreach/iput-in-writeback; line: 48; file: f.c; reason: r    | 3: unknown key 'line' in a suppression (expected rule, function, file, argument, reason)",
    })
    void aBadEntryIsOneLineNamingFileAndLine(String entry, String problem) throws IOException {
        Path yaml = file(entry);
        Cli cli = Cli.run("scan", "--suppressions", yaml.toString());
        assertEquals(ExitCodes.BAD_INPUT, cli.exit(), cli.err());
        assertEquals("kreach: " + yaml + ":" + problem, cli.err().strip().lines()
                .filter(l -> l.contains(yaml.toString())).findFirst().orElse(cli.err()));
    }
}

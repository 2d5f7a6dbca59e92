package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kreach scan on the bundled demo tree: gcc-style text, JSON, exit codes. */
class ScanCommandTest {

    @Test
    void textFindingsAreGccStyleWithTheChainEntryFirst() {
        Cli cli = Cli.run("scan");
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), "findings exit 1\n" + cli.err());
        List<String> lines = cli.out().lines().toList();
        String warning = lines.stream().filter(l -> l.contains("[kreach/iput-in-writeback]")).findFirst().orElseThrow();
        assertTrue(warning.matches("fs/ceph/caps\\.c:\\d+:\\d+: warning: iput\\(\\) may drop the last inode reference "
                + "in writeback context \\[kreach/iput-in-writeback\\]"), warning);
        int at = lines.indexOf(warning);
        assertTrue(lines.get(at + 1).startsWith("    ceph_writepages_start is an entry point: "
                + "address_space_operations.writepages"), lines.get(at + 1));
        assertTrue(lines.get(at + 2).startsWith("    ceph_writepages_start "), lines.get(at + 2));
        assertTrue(cli.out().contains("[kreach/iput-in-messenger]"), cli.out());
        assertTrue(lines.get(lines.size() - 2).matches("\\d+ findings: kreach/iput-in-writeback \\d+, "
                + "kreach/iput-in-messenger \\d+, kreach/iput-in-smb-receive not run \\(no entry point in the scope\\)"),
                lines.get(lines.size() - 2));
        assertTrue(lines.get(lines.size() - 1).startsWith("scanned "), lines.get(lines.size() - 1));
        assertEquals(cli.out(), Cli.run("scan").out(), "same tree, same text");
    }

    /**
     * --baseline: the findings of an earlier report (JSON or SARIF) are not reported again, and only new ones fail
     * the scan; SARIF marks what it reports as new. A baseline that is not kreach's is one line, exit 2.
     */
    @Test
    void aBaselineReportsOnlyWhatItDoesNotHave(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("base.json");
        Files.writeString(json, Cli.run("scan", "--format", "json").out());
        Cli same = Cli.run("scan", "--baseline", json.toString());
        assertEquals(ExitCodes.OK, same.exit(), same.err());
        assertTrue(same.out().startsWith("0 findings: "), same.out());
        assertTrue(same.err().contains("kreach: baseline " + json + ": 3 of 3 findings are in it and not reported; "
                + "0 new\n"), same.err());

        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode report =
                (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(Files.readString(json));
        ((com.fasterxml.jackson.databind.node.ArrayNode) report.get("findings")).remove(2);
        Path older = tmp.resolve("older.json");
        Files.writeString(older, mapper.writeValueAsString(report));
        Cli sarif = Cli.run("scan", "--baseline", older.toString(), "--format", "sarif");
        assertEquals(ExitCodes.NEGATIVE, sarif.exit(), sarif.err());
        JsonNode results = mapper.readTree(sarif.out()).at("/runs/0/results");
        assertEquals(1, results.size(), sarif.out());
        assertEquals("fs/ceph/dir.c", results.get(0).at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals("new", results.get(0).get("baselineState").asText());

        Path base = tmp.resolve("base.sarif");
        Files.writeString(base, Cli.run("scan", "--format", "sarif").out());
        assertEquals(ExitCodes.OK, Cli.run("scan", "--baseline", base.toString()).exit());

        Path foreign = tmp.resolve("other.sarif");
        Files.writeString(foreign, "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"ruleId\":\"x\"}]}]}");
        Cli bad = Cli.run("scan", "--baseline", foreign.toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.exit());
        assertEquals("kreach: baseline " + foreign + ": a SARIF result without kreach's kreachFindingIdentity/v2 "
                + "fingerprint; is it another tool's, or an older kreach's?", bad.err().strip().lines()
                .filter(l -> l.contains("baseline")).findFirst().orElse(bad.err()));
        Cli broken = Cli.run("scan", "--baseline", tmp.resolve("none.json").toString());
        assertEquals(ExitCodes.BAD_INPUT, broken.exit());
    }

    /**
     * --format gcc: each step of the chain is a gcc-style note line of its own, at the call it makes, so that an
     * editor's compile mode walks the chain; text and gcc cannot both go to stdout.
     */
    @Test
    void gccFormatPutsEveryStepOnANoteLine() {
        Cli cli = Cli.run("scan", "--format", "gcc");
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.err());
        List<String> lines = cli.out().lines().toList();
        int at = lines.indexOf("fs/ceph/dir.c:20:2: warning: iput() may drop the last inode reference in the Ceph "
                + "messenger (1 unverified hop) [kreach/iput-in-messenger]");
        assertTrue(at >= 0, cli.out());
        assertEquals(List.of(
                "net/ceph/messenger.c:47:8: note: ceph_con_workfn (entry point: work ceph_connection.work) calls "
                        + "try_read",
                "net/ceph/messenger.c:31:3: note: try_read calls process_message",
                "net/ceph/messenger.c:19:2: note: process_message calls mds_dispatch through "
                        + "ceph_connection_operations.dispatch [verified]",
                "fs/ceph/mds_client.c:38:3: note: mds_dispatch calls fs/ceph/mds_client.c:handle_reply",
                "fs/ceph/mds_client.c:28:3: note: fs/ceph/mds_client.c:handle_reply calls complete_request",
                "fs/ceph/mds_client.c:15:3: note: complete_request calls ceph_async_unlink_cb through "
                        + "ceph_mds_request.r_callback [unverified]",
                "fs/ceph/dir.c:20:2: note: ceph_async_unlink_cb calls iput(inode)"),
                lines.subList(at + 1, at + 8));
        assertTrue(lines.stream().allMatch(l -> l.matches("[^ :]+:\\d+:\\d+: (warning|note): .*")), cli.out());
        Cli both = Cli.run("scan", "--format", "gcc", "--format", "text");
        assertEquals(ExitCodes.BAD_INPUT, both.exit());
        assertTrue(both.err().startsWith("kreach: only one format can go to stdout"), both.err());
    }

    /**
     * Every hop says how sure it is: the demo's writeback chain enters Ceph's invalidate_folio through the table its
     * entry point was called through, the messenger's dispatch is traced to osd_con_ops, and the request callback,
     * loaded from a lookup, stays bound by type only, which the summary line says.
     */
    @Test
    void eachHopSaysHowSureItIsInTextJsonAndSarif() throws IOException {
        Cli text = Cli.run("scan");
        List<String> lines = text.out().lines().toList();
        int model = lines.indexOf(lines.stream().filter(l -> l.startsWith("    folio_invalidate ")).findFirst()
                .orElseThrow());
        assertEquals("        verified: ceph_invalidate_folio is ceph_aops.invalidate_folio (fs/ceph/addr.c:88), the "
                + "table the entry point was called through (ceph_aops.writepages, fs/ceph/addr.c:86)",
                lines.get(model + 1));
        assertTrue(text.out().contains("fs/ceph/addr.c:28:2: warning: iput() may drop the last inode reference in the "
                + "Ceph messenger (1 unverified hop) [kreach/iput-in-messenger]\n"), text.out());
        assertTrue(text.out().contains("        verified: con->ops->dispatch is osd_dispatch, stored at "
                + "net/ceph/osd_client.c:70; traced through "), text.out());

        JsonNode findings = new ObjectMapper().readTree(Cli.run("scan", "--format", "json").out()).get("findings");
        JsonNode messenger = findings.get(1);
        assertEquals("fs/ceph/addr.c", messenger.get("file").asText());
        List<String> certainties = new java.util.ArrayList<>();
        messenger.get("chain").forEach(h -> certainties.add(h.get("kind").asText() + " " + h.get("certainty").asText()));
        assertEquals(List.of("direct direct", "direct direct", "field verified", "direct direct", "direct direct",
                "field unverified", "direct direct"), certainties);
        assertEquals(1, messenger.get("unverifiedHops").asInt());

        JsonNode sarif = new ObjectMapper().readTree(Cli.run("scan", "--format", "sarif").out());
        JsonNode run = sarif.get("runs").get(0);
        JsonNode flow = run.get("results").get(1).get("codeFlows").get(0).get("threadFlows").get(0).get("locations");
        assertEquals("verified", flow.get(2).get("properties").get("certainty").asText());
        assertTrue(flow.get(2).get("location").get("message").get("text").asText()
                .contains("; verified: con->ops->dispatch is osd_dispatch"), flow.get(2).toString());
        assertEquals("unverified", flow.get(5).get("properties").get("certainty").asText());
        // Messenger findings rest on a hop bound by type only: the rule's precision is one level below its own.
        JsonNode rules = run.get("tool").get("driver").get("rules");
        assertEquals("high", rules.get(0).get("properties").get("precision").asText());
        assertEquals("medium", rules.get(1).get("properties").get("precision").asText());
    }

    @Test
    void jsonCarriesTheSameFindings() throws IOException {
        Cli text = Cli.run("scan");
        Cli json = Cli.run("scan", "--format", "json");
        assertEquals(ExitCodes.NEGATIVE, json.exit(), json.err());
        JsonNode root = new ObjectMapper().readTree(json.out());
        JsonNode findings = root.get("findings");
        long warnings = text.out().lines().filter(l -> l.contains(": warning: ")).count();
        assertEquals(warnings, findings.size());
        JsonNode first = findings.get(0);
        String line = first.get("file").asText() + ":" + first.get("line").asInt() + ":" + first.get("column").asInt()
                + ": warning: " + first.get("message").asText() + " [" + first.get("rule").asText() + "]";
        assertTrue(text.out().contains(line + "\n"), line);
        assertTrue(first.get("chain").size() >= 2);
        assertEquals(first.get("entry").asText(), first.get("chain").get(0).get("function").asText());
        assertEquals(3, root.get("rules").size());
        // The report is the same every run: no times in it (the hop check's go to stderr).
        assertEquals(json.out(), Cli.run("scan", "--format", "json").out());
        assertTrue(json.err().contains("kreach: checked "), json.err());
        assertEquals(findings.size(), root.get("summary").get("findings").get("kreach/iput-in-writeback").asInt()
                + root.get("summary").get("findings").get("kreach/iput-in-messenger").asInt());
    }

    @Test
    void badRulePackIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path pack = tmp.resolve("rules.yaml");
        Files.writeString(pack, "rules:\n  - id: kreach/iput-in-writeback\n    contexts:\n      - field: nodot\n");
        Cli cli = Cli.run("scan", "--rules", pack.toString());
        assertEquals(ExitCodes.BAD_INPUT, cli.exit());
        assertEquals("kreach: " + pack + ":4: expected STRUCT.FIELD, got 'nodot'", cli.err().strip());
        assertEquals("", cli.out());
        Cli missing = Cli.run("scan", "--rules", tmp.resolve("none.yaml").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.exit());
        assertEquals("kreach: no such rule pack: " + tmp.resolve("none.yaml"), missing.err().strip());
    }

    @Test
    void aTreeWithoutFindingsExitsZero(@TempDir Path tmp) throws IOException {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        Cli cli = Cli.run("scan", tree.toString(), "--scope", "include");
        assertEquals(ExitCodes.BAD_INPUT, cli.exit(), "include/ has no .c files: " + cli.err());
        Files.writeString(tree.resolve("fs/ceph/caps.c"), "void ceph_put_wrbuffer_cap_refs(void) { }\n");
        Files.writeString(tree.resolve("fs/ceph/addr.c"), "static int nothing(void) { return 0; }\n");
        Files.writeString(tree.resolve("fs/ceph/dir.c"), "static int nothing(void) { return 0; }\n");
        Files.writeString(tree.resolve("fs/ceph/mds_client.c"), "static int nothing(void) { return 0; }\n");
        Cli clean = Cli.run("scan", tree.toString());
        assertEquals(ExitCodes.OK, clean.exit(), clean.out() + clean.err());
        assertTrue(clean.out().startsWith(
                "0 findings: kreach/iput-in-writeback not run (no entry point in the scope), kreach/iput-in-messenger 0, "
                        + "kreach/iput-in-smb-receive not run (no entry point in the scope)\n"),
                clean.out());
    }

    @Test
    void theSummarySaysWhatWasNotParsedDirectoryByDirectory(@TempDir Path tmp) throws IOException {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        Files.writeString(tree.resolve("fs/ceph/broken.c"), """
                static void half(int a)
                {
                	a = (a +;
                }
                int also = ;
                """);
        Files.write(tree.resolve("net/ceph/blob.c"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0});
        Cli text = Cli.run("scan", tree.toString(), "--no-cache");
        assertEquals(ExitCodes.NEGATIVE, text.exit(), text.err());
        assertTrue(text.out().contains("""
                not parsed cleanly, in 2 directories (kreach stats --problems lists each problem node):
                  fs/ceph: 1 function with problem nodes, 2 problem nodes, 0 files skipped
                  net/ceph: 0 functions with problem nodes, 0 problem nodes, 1 file skipped
                """), text.out());
        Cli json = Cli.run("scan", tree.toString(), "--no-cache", "--format", "json");
        JsonNode gaps = new ObjectMapper().readTree(json.out()).path("summary").path("notParsed");
        assertEquals(2, gaps.size(), json.out());
        assertEquals("fs/ceph", gaps.get(0).path("directory").asText());
        assertEquals(1, gaps.get(0).path("functionsWithProblems").asInt());
        assertEquals(1, gaps.get(1).path("skippedFiles").asInt());
        Cli clean = Cli.run("scan", "--no-cache");
        assertTrue(!clean.out().contains("not parsed"), clean.out());
    }
}

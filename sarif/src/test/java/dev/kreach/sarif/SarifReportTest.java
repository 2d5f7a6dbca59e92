package dev.kreach.sarif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreach.analyzer.ProgressListener;
import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifReportTest {

    private static final String ADDR_C = """
            static const struct address_space_operations my_aops = {
            	.writepages = my_writepages,
            };

            static void put_refs(struct inode *inode)
            {
            	iput(inode);
            }

            static int my_writepages(struct address_space *mapping, struct writeback_control *wbc)
            {
            	put_refs(mapping->host);
            	return 0;
            }

            static int broken(void)
            {
            	return (1 +;
            }
            """;

    @TempDir
    Path tmp;

    private Path tree(String addr) throws IOException {
        Path root = tmp.resolve("tree" + addr.length());
        Files.createDirectories(root.resolve("include/linux"));
        Files.createDirectories(root.resolve("fs/ceph"));
        Files.writeString(root.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n");
        Files.writeString(root.resolve("fs/ceph/addr.c"), addr);
        Files.write(root.resolve("fs/ceph/blob.c"), new byte[] {0, 1, 2});
        return root;
    }

    private static String sarif(Path root) {
        ScanResult scan = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE)
                .scan(SourceTree.open(root, Scope.CEPH));
        RulePack pack = RulePack.bundled();
        return SarifReport.write(scan, pack.registry(), ContextReachability.checkAll(scan, pack),
                "kreach/test");
    }

    private static JsonNode run(String sarif) throws IOException {
        return new ObjectMapper().readTree(sarif).get("runs").get(0);
    }

    @Test
    void resultsCarryRuleLocationCodeFlowAndFingerprints() throws IOException {
        String sarif = sarif(tree(ADDR_C));
        SarifSchema.assertValid(sarif);
        JsonNode run = run(sarif);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        assertEquals("kreach/iput-in-writeback", rules.get(0).get("id").asText());
        assertEquals("warning", rules.get(0).get("defaultConfiguration").get("level").asText());
        assertEquals("high", rules.get(0).get("properties").get("precision").asText());
        assertEquals("warning", rules.get(0).get("properties").get("problem.severity").asText());
        assertTrue(rules.get(0).get("help").get("markdown").asText().startsWith("# iput() in writeback context"));
        assertEquals("kreach/test", run.get("automationDetails").get("id").asText());
        assertEquals("utf16CodeUnits", run.get("columnKind").asText());

        JsonNode result = run.get("results").get(0);
        assertEquals("kreach/iput-in-writeback", result.get("ruleId").asText());
        assertEquals(0, result.get("ruleIndex").asInt());
        String message = result.get("message").get("text").asText();
        assertTrue(message.startsWith("iput() may drop the last inode reference in writeback context. "), message);
        assertTrue(message.contains("[my_writepages](1)"), message);
        JsonNode location = result.get("locations").get(0).get("physicalLocation");
        assertEquals("fs/ceph/addr.c", location.get("artifactLocation").get("uri").asText());
        assertEquals("%SRCROOT%", location.get("artifactLocation").get("uriBaseId").asText());
        JsonNode region = location.get("region");
        assertEquals(7, region.get("startLine").asInt());
        assertEquals(2, region.get("startColumn").asInt());
        assertEquals(7, region.get("endLine").asInt());
        assertEquals(2 + "iput(inode)".length(), region.get("endColumn").asInt());
        assertEquals(1, result.get("relatedLocations").get(0).get("id").asInt());
        assertEquals(10, result.get("relatedLocations").get(0).get("physicalLocation").get("region")
                .get("startLine").asInt());
        JsonNode flow = result.get("codeFlows").get(0).get("threadFlows").get(0).get("locations");
        assertEquals(2, flow.size());
        assertEquals("my_writepages calls put_refs (direct call)",
                flow.get(0).get("location").get("message").get("text").asText());
        assertEquals("put_refs calls iput (direct call)", flow.get(1).get("location").get("message").get("text").asText());
        JsonNode artifact = run.get("artifacts").get(0);
        assertEquals("c", artifact.get("sourceLanguage").asText());
        assertEquals(ADDR_C.length(), artifact.get("length").asInt());
        assertEquals(64, artifact.get("hashes").get("sha-256").asText().length());

        String notifications = run.get("invocations").get(0).get("toolExecutionNotifications").toString();
        assertTrue(notifications.contains("fs/ceph/blob.c was not analysed: binary file"), notifications);
        assertTrue(notifications.contains("broken in fs/ceph/addr.c has 1 parser problem node"), notifications);
        assertTrue(run.get("invocations").get(0).get("executionSuccessful").asBoolean());
    }

    @Test
    void identityStaysWhenUnrelatedLinesMoveAndOutputIsByteIdentical() throws IOException {
        String before = sarif(tree(ADDR_C));
        assertEquals(before, sarif(tree(ADDR_C)), "same tree, same bytes");
        String after = sarif(tree("/* a comment\n * moving every line down\n */\n" + ADDR_C));
        JsonNode a = run(before).get("results").get(0);
        JsonNode b = run(after).get("results").get(0);
        assertNotEquals(a.get("locations").get(0).get("physicalLocation").get("region").get("startLine"),
                b.get("locations").get(0).get("physicalLocation").get("region").get("startLine"));
        assertEquals(a.get("partialFingerprints"), b.get("partialFingerprints"));
        assertTrue(a.get("partialFingerprints").has("primaryLocationLineHash"));
        assertTrue(a.get("partialFingerprints").has(SarifReport.IDENTITY_KEY));
    }

    @Test
    void githubLimitsTrimAndSaySo() throws IOException {
        Path root = tree(ADDR_C);
        ScanResult scan = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE)
                .scan(SourceTree.open(root, Scope.CEPH));
        RulePack pack = RulePack.bundled();
        var findings = ContextReachability.checkAll(scan, pack);
        String tight = SarifReport.write(scan, pack.registry(), findings, "kreach/test", new SarifLimits(1, 1, 1));
        SarifSchema.assertValid(tight);
        JsonNode run = run(tight);
        assertEquals(1, run.get("results").size());
        assertTrue(run.get("results").get(0).get("codeFlows") == null, "code flows dropped past the size limit");
        String notes = run.get("invocations").get(0).get("toolExecutionNotifications").toString();
        assertTrue(notes.contains("code flows were left out"), notes);
        String fewFlows = SarifReport.write(scan, pack.registry(), findings, "kreach/test",
                new SarifLimits(25_000, 1, 10L * 1024 * 1024));
        JsonNode flow = run(fewFlows).get("results").get(0).get("codeFlows").get(0).get("threadFlows").get(0)
                .get("locations");
        assertEquals(1, flow.size());
        assertTrue(run(fewFlows).get("invocations").toString().contains("its code flow keeps the first 0 and the sink"));
    }
}

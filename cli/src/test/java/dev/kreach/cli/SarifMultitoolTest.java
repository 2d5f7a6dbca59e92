package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.sarif.SarifReport;
import dev.kreach.sarif.SarifSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SARIF of the Linux 6.12.117 scan through Microsoft's SARIF Multitool with GitHub's ingestion rules
 * ({@code validate --rule-kind "Gh;Sarif"}): no error, no warning. .ci/run installs the Multitool under .ci/.
 */
class SarifMultitoolTest {
    static final Path MULTITOOL = Path.of(System.getProperty("kreach.multitool",
            "../.ci/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"));

    @Test
    void linuxScanPassesGithubIngestionRules(@TempDir Path tmp) throws IOException, InterruptedException {
        if (!Files.isExecutable(MULTITOOL)) {
            fail(MULTITOOL.toAbsolutePath() + " is missing: run .ci/run, or npm install --prefix .ci "
                    + "@microsoft/sarif-multitool@5.7.0");
        }
        ScanResult scan = LinuxCorpus.scan();
        RulePack pack = RulePack.bundled();
        ContextReachability reachability = new ContextReachability(scan, pack);
        // With the notification of the SMB rule, which has no entry point in fs/ceph + net/ceph.
        String sarif = SarifReport.write(scan, pack.registry(), reachability.checkAll(pack.rules()),
                "kreach/fs-ceph+net-ceph/", UnboundContexts.of(reachability, pack));
        assertTrue(sarif.contains("\"rule-not-run\""), "the notification is there to be validated");
        SarifSchema.assertValid(sarif);
        Path log = tmp.resolve("linux.sarif");
        Files.writeString(log, sarif);
        Path report = tmp.resolve("validation.sarif");
        Process p = new ProcessBuilder(MULTITOOL.toString(), "validate", "--rule-kind", "Gh;Sarif",
                "--level", "Error;Warning", log.toString(), "-o", report.toString())
                .redirectErrorStream(true).start();
        String console = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), console);
        assertTrue(Files.exists(report), "the Multitool wrote no report: " + console);
        List<String> problems = new ArrayList<>();
        for (JsonNode result : new ObjectMapper().readTree(report.toFile()).get("runs").get(0).get("results")) {
            String level = result.path("level").asText("warning");
            if (level.equals("error") || level.equals("warning")) {
                problems.add(result.get("ruleId").asText() + " " + level + ": " + result.get("message"));
            }
        }
        assertEquals(List.of(), problems, console);
        assertEquals(0, p.exitValue(), console);
    }

    /**
     * GitHub keys an alert on (rule, file, primaryLocationLineHash): on the 6.12.117 scan no two results share one
     * (the messenger rule once gave six caps.c results a single value), and no two share kreach's identity.
     */
    @Test
    void everyResultOfTheLinuxScanHasItsOwnFingerprints() throws IOException {
        ScanResult scan = LinuxCorpus.scan();
        RulePack pack = RulePack.bundled();
        int results = assertFingerprintsUnique(SarifReport.write(scan, pack.registry(),
                ContextReachability.checkAll(scan, pack), "kreach/fs-ceph+net-ceph/"));
        assertTrue(results >= 40, "the scan's findings, notes included: " + results);
    }

    /** Fails on two results of {@code sarif} with one (rule, file, line hash) or one identity; the result count. */
    static int assertFingerprintsUnique(String sarif) throws IOException {
        java.util.Set<String> lineHashes = new java.util.HashSet<>();
        java.util.Set<String> identities = new java.util.HashSet<>();
        int results = 0;
        for (JsonNode result : new ObjectMapper().readTree(sarif).get("runs").get(0).get("results")) {
            results++;
            String file = result.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri")
                    .asText();
            JsonNode fingerprints = result.get("partialFingerprints");
            assertTrue(lineHashes.add(result.get("ruleId").asText() + " " + file + " "
                    + fingerprints.get("primaryLocationLineHash").asText()), "shared line hash: " + result);
            assertTrue(identities.add(fingerprints.get("kreachFindingIdentity/v2").asText()), "shared identity: "
                    + result);
        }
        return results;
    }
}

package dev.kreach.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreach.analyzer.Sha256;
import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.analyzer.source.BoundedInput;
import dev.kreach.rules.reach.Finding;
import dev.kreach.sarif.SarifReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The findings of an earlier kreach report ({@code scan --baseline FILE}): a JSON report's {@code identity} or a
 * SARIF result's {@code kreachFindingIdentity/v2} fingerprint, both the line-independent identity of a finding, so
 * that a finding the code has not changed around stays known when lines above it move.
 */
final class Baseline {
    /** A JSON or SARIF report of a whole-tree scan is some megabytes; this is more than any. */
    static final long BUDGET = 256L * 1024 * 1024;

    private final Path file;
    private final Set<String> identities;

    private Baseline(Path file, Set<String> identities) {
        this.file = file;
        this.identities = identities;
    }

    static Baseline read(Path file) {
        byte[] bytes = BoundedInput.read(file, BUDGET, "baseline");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new BadInputException("baseline " + file + " is not JSON: " + firstLine(e.getMessage()));
        }
        Set<String> identities = new HashSet<>();
        if (root != null && root.path("runs").isArray()) {
            for (JsonNode run : root.get("runs")) {
                for (JsonNode result : run.path("results")) {
                    JsonNode identity = result.path("partialFingerprints").path(SarifReport.IDENTITY_KEY);
                    if (!identity.isTextual()) {
                        throw new BadInputException("baseline " + file + ": a SARIF result without kreach's "
                                + SarifReport.IDENTITY_KEY + " fingerprint; is it another tool's, or an older "
                                + "kreach's?");
                    }
                    identities.add(identity.asText());
                }
            }
        } else if (root != null && root.path("findings").isArray() && root.path("tool").asText().equals("kreach")) {
            for (JsonNode finding : root.get("findings")) {
                JsonNode identity = finding.path("identity");
                if (!identity.isTextual()) {
                    throw new BadInputException("baseline " + file + ": a finding without an identity");
                }
                identities.add(Sha256.hex(identity.asText()));
            }
        } else {
            throw new BadInputException("baseline " + file + " is neither a kreach JSON report nor SARIF");
        }
        return new Baseline(file, identities);
    }

    /** The findings the baseline does not have. */
    List<Finding> newIn(List<Finding> findings) {
        return findings.stream().filter(f -> !identities.contains(Sha256.hex(f.identity()))).toList();
    }

    Path file() {
        return file;
    }

    private static String firstLine(String message) {
        String m = message == null ? "unreadable" : message;
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }
}

package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kreach.analyzer.ProgressListener;
import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same prelude, models and rule packs, untouched, on another kernel: Linux 6.1 from Debian's linux-source-6.1
 * (writeback goes through ceph_writepage there). Findings are looked up by function, not line, so any 6.1.y that
 * Debian serves will do.
 */
class OtherKernelVersionTest {
    static final Path TARBALL = Path.of("/usr/src/linux-source-6.1.tar.xz");

    private static ScanResult scan;
    private static List<Finding> findings;

    @BeforeAll
    static void scanOnce() {
        if (!Files.isRegularFile(TARBALL)) {
            fail(TARBALL + " is missing: run .ci/run, or apt-get install linux-source-6.1");
        }
        SourceTree tree = SourceTree.open(TARBALL, Scope.CEPH);
        assertTrue(tree.kernelVersion().orElse("unknown").startsWith("6.1."), tree.kernelVersion().toString());
        scan = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE).scan(tree);
        findings = ContextReachability.checkAll(scan, RulePack.bundled());
    }

    /** The finding of {@code rule} for the sink call in {@code function} of {@code file}. */
    private static Finding finding(String rule, String file, String function) {
        List<Finding> matching = findings.stream().filter(f -> f.rule().equals(rule)
                && f.site().file().equals(file) && f.function().name().equals(function)).toList();
        assertEquals(1, matching.size(), rule + " in " + function + ": " + matching);
        return matching.get(0);
    }

    private static void assertChain(Finding f, String... names) {
        List<String> chain = f.chain().stream().map(h -> h.function().name()).toList();
        assertTrue(Collections.indexOfSubList(chain, List.of(names)) >= 0, List.of(names) + " in " + chain);
    }

    @Test
    void parsesCleanly() {
        assertEquals(List.of(), scan.problems());
        assertEquals(scan.sourceFunctions(), scan.cleanSourceFunctions());
        assertTrue(scan.sourceFunctions() > 1500, "functions: " + scan.sourceFunctions());
    }

    @Test
    void samePacksFindTheSameBugsAtTheirNewPlaces() {
        Finding wrbuffer = finding("kreach/iput-in-writeback", "fs/ceph/caps.c", "ceph_put_wrbuffer_cap_refs");
        assertEquals("address_space_operations.writepage", wrbuffer.context());
        assertChain(wrbuffer, "ceph_writepage", "writepage_nounlock", "ceph_put_wrbuffer_cap_refs");

        Finding read = finding("kreach/iput-in-messenger", "fs/ceph/addr.c", "finish_netfs_read");
        assertChain(read, "osd_dispatch", "handle_reply", "__complete_request", "finish_netfs_read");

        Finding unlink = finding("kreach/iput-in-messenger", "fs/ceph/dir.c", "ceph_async_unlink_cb");
        assertChain(unlink, "mds_dispatch", "handle_reply", "complete_request", "ceph_async_unlink_cb");
    }

    @Test
    void exportOperationsStayUnflagged() {
        assertTrue(findings.stream().noneMatch(f -> f.site().file().equals("fs/ceph/export.c")),
                findings.stream().filter(f -> f.site().file().equals("fs/ceph/export.c")).toList().toString());
    }
}

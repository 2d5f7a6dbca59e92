package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.ParseGap;
import dev.kreach.analyzer.ProgressListener;
import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.kbuild.KernelBuild;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.pack.RuleSpec;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.Hop;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole of Linux 6.12.117 in fast mode, from the Debian tarball: every .c file and header parsed, the graph of
 * all of it, every rule. The seed findings keep their chains at this scale, the writeback rule has every
 * filesystem's entry points, and name-only edges do not carry Ceph's chains into other filesystems.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxWholeTreeTest {
    private SourceTree tree;
    private ScanResult scan;
    private RulePack pack;
    private List<Finding> findings;
    private ContextReachability reachability;

    @BeforeAll
    void scanTheWholeTree() {
        tree = SourceTree.open(LinuxCorpus.TARBALL, new Scope(List.of(".")));
        ScanOptions options = new ScanOptions(new Scope(List.of(".")), ScanOptions.defaults().config(),
                ScanOptions.defaults().models());
        scan = new TreeScanner(options, ProgressListener.NONE).scan(tree);
        pack = RulePack.bundled();
        reachability = new ContextReachability(scan, pack);
        findings = reachability.checkAll(pack.rules());
        System.out.printf("whole tree: %,d C files, %,d lines, %,d functions (%,d clean), %,d edges, %,d findings, "
                + "phases %s%n", scan.sources().size(), scan.sourceLines(), scan.sourceFunctions(),
                scan.cleanSourceFunctions(), scan.graph().graph().edgeSet().size(), findings.size(), scan.phases());
    }

    /** Whole-tree SARIF: every result has its own (rule, file, line hash) and identity, as GitHub needs. */
    @Test
    void everyWholeTreeResultHasItsOwnFingerprints() throws java.io.IOException {
        int results = SarifMultitoolTest.assertFingerprintsUnique(dev.kreach.sarif.SarifReport.write(scan,
                pack.registry(), findings, "kreach/whole-tree/"));
        assertEquals(findings.size(), results);
    }

    /**
     * The tarball holds 34,663 .c files; each is scanned or left out with its reason: another architecture, not
     * kernel code (tools/, scripts/, samples/, Documentation/), or not compiled by kbuild for x86 under the default
     * configuration.
     */
    @Test
    void everyFileIsParsedOrAccountedFor() {
        int leftOut = scan.leftOut().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(34_663, scan.sources().size() + leftOut, scan.leftOut().toString());
        assertEquals(java.util.Set.of(KernelBuild.OTHER_ARCH, KernelBuild.NOT_KERNEL_CODE, KernelBuild.NOT_BUILT),
                scan.leftOut().keySet());
        assertEquals(List.of(), scan.skipped());
        // Losses are reported per directory; at least 97 % of all functions parse cleanly.
        assertTrue(scan.cleanSourceFunctions() >= 0.97 * scan.sourceFunctions(),
                scan.cleanSourceFunctions() + " of " + scan.sourceFunctions());
        List<ParseGap> gaps = scan.parseGaps();
        assertEquals(scan.problems().size(), gaps.stream().mapToInt(ParseGap::problemNodes).sum());
        assertTrue(gaps.stream().noneMatch(g -> g.directory().equals("fs/ceph") || g.directory().equals("net/ceph")),
                gaps.stream().filter(g -> g.directory().contains("ceph")).toList().toString());
    }

    /** One architecture: nothing of another arch/ or of user space is scanned, and x86 is 64-bit only. */
    @Test
    void theScanIsOneX86KernelOf64Bits() {
        List<String> foreign = scan.sources().stream().map(f -> f.path())
                .filter(p -> (p.startsWith("arch/") && !p.startsWith("arch/x86/")) || p.startsWith("tools/")
                        || p.startsWith("scripts/") || p.startsWith("samples/") || p.startsWith("Documentation/"))
                .toList();
        assertEquals(List.of(), foreign);
        assertTrue(scan.file("arch/x86/kernel/process_64.c").isPresent());
        assertTrue(scan.file("arch/x86/kernel/process_32.c").isEmpty());
        assertEquals("!CONFIG_X86_32", scan.conditionOf("arch/x86/kernel/process_64.c").toString());
        assertEquals("CONFIG_CEPH_FS && CONFIG_CEPH_FSCACHE", scan.conditionOf("fs/ceph/cache.c").toString());
        for (Finding f : findings) {
            for (Hop hop : f.chain()) {
                String file = hop.site().file();
                assertTrue(!file.startsWith("arch/") || file.startsWith("arch/x86/"), "chain through " + file + ": "
                        + functions(f));
            }
        }
    }

    /**
     * Whole tree equals scope: the whole kernel adds no Ceph finding to what fs/ceph + net/ceph alone give, and no
     * SMB-receive finding in fs/smb/client to what that directory alone gives, and loses none. Before, the whole tree
     * had four more in fs/ceph and one in fs/smb/client: a messenger chain into debugfs, whose own dentries and
     * superblock core code then dispatched on as Ceph's (->lookup, ->kill_sb) or SMB's (->d_revalidate), NFS's lock
     * request calling Ceph's fl_release_private, and the SMB receive thread pinning user pages.
     */
    @Test
    void theCephAndSmbFindingsOfTheWholeTreeAreThoseOfTheirScopes() {
        java.util.function.Predicate<Finding> ceph = f -> f.site().file().startsWith("fs/ceph/")
                || f.site().file().startsWith("net/ceph/");
        Set<String> cephScope = keys(scopeFindings(Scope.CEPH), ceph);
        assertTrue(cephScope.stream().anyMatch(k -> k.startsWith("kreach/iput-in-writeback fs/ceph/caps.c:3483:")),
                cephScope.toString());
        assertTrue(cephScope.stream().anyMatch(k -> k.startsWith("kreach/iput-in-messenger fs/ceph/dir.c:1301:")),
                cephScope.toString());
        assertEquals(cephScope, keys(findings, ceph));
        java.util.function.Predicate<Finding> smb = f -> f.rule().equals("kreach/iput-in-smb-receive")
                && f.site().file().startsWith("fs/smb/client/");
        Scope smbClient = new Scope(List.of("fs/smb/client"));
        assertTrue(new ContextReachability(scan.graph()).entryPoints(rule("kreach/iput-in-smb-receive").contexts())
                .stream().anyMatch(f -> f.name().equals("cifs_demultiplex_thread")));
        assertEquals(keys(scopeFindings(smbClient), smb), keys(findings, smb));
    }

    private List<Finding> scopeFindings(Scope scope) {
        ScanResult scoped = new TreeScanner(new ScanOptions(scope, ScanOptions.defaults().config(),
                ScanOptions.defaults().models()), ProgressListener.NONE).scan(tree);
        return new ContextReachability(scoped, pack).checkAll(pack.rules());
    }

    /** Rule, place, function and call of each finding: what a reader of either report would match them by. */
    private static Set<String> keys(List<Finding> of, java.util.function.Predicate<Finding> which) {
        return of.stream().filter(which).map(f -> f.rule() + " " + f.site().file() + ":" + f.site().line() + ":"
                + f.site().column() + " " + f.function().name() + " " + f.call())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void writebackEntryPointsAreEveryFilesystems() {
        RuleSpec writeback = rule("kreach/iput-in-writeback");
        Set<String> entries = new ContextReachability(scan.graph()).entryPoints(writeback.contexts()).stream()
                .map(FunctionId::name).collect(Collectors.toCollection(TreeSet::new));
        for (String expected : List.of("ext4_writepages", "btrfs_writepages", "netfs_writepages", "nfs_writepages",
                "ceph_writepages_start", "ext4_write_inode", "xfs_vm_writepages")) {
            assertTrue(entries.contains(expected), expected + " not among " + entries.size() + " entry points");
        }
        assertTrue(entries.size() > 60, entries.size() + " entry points");
    }

    @Test
    void theSeedFindingsKeepTheirChainsAtWholeTreeScale() {
        Finding caps = finding("kreach/iput-in-writeback", "fs/ceph/caps.c:3483");
        assertEquals(List.of("ceph_writepages_start", "ceph_process_folio_batch", "ceph_check_page_before_write",
                "folio_invalidate", "ceph_invalidate_folio", "ceph_put_wrbuffer_cap_refs"), functions(caps));
        Finding read = finding("kreach/iput-in-messenger", "fs/ceph/addr.c:259");
        assertEquals("ceph_con_workfn", read.entry().name());
        assertTrue(read.chain().stream().anyMatch(h -> "ceph_osd_request.r_callback".equals(h.via())),
                functions(read).toString());
        Finding unlink = finding("kreach/iput-in-messenger", "fs/ceph/dir.c:1301");
        assertEquals("ceph_con_workfn", unlink.entry().name());
    }

    /**
     * A call through an interface goes on only into the subsystem the context runs for: the Ceph messenger's
     * chains dispatch only into fs/ceph and net/ceph, the SMB receive thread's only into fs/smb. (Direct calls into
     * the VFS core, such as dput() and its iput(), are followed as written.) No chain uses a name-only match.
     */
    @Test
    void receiveContextsDispatchOnlyIntoTheirOwnSubsystem() {
        assertDispatchStaysIn("kreach/iput-in-messenger", List.of("fs/ceph/", "net/ceph/"));
        assertDispatchStaysIn("kreach/iput-in-smb-receive", List.of("fs/smb/"));
    }

    private void assertDispatchStaysIn(String rule, List<String> subsystem) {
        List<Finding> ofRule = findings.stream().filter(f -> f.rule().equals(rule)).toList();
        for (Finding f : ofRule) {
            List<Hop> hops = f.chain();
            for (int i = 0; i + 1 < hops.size(); i++) {
                Hop hop = hops.get(i);
                assertTrue(hop.kind() != EdgeKind.FIELD_NAME_ONLY, "name-only hop in " + functions(f));
                boolean dispatch = hop.kind() == EdgeKind.FIELD
                        || (hop.kind() == EdgeKind.MODEL && hop.via() != null && hop.via().endsWith(" (model)"));
                String target = scan.graph().definition(hops.get(i + 1).function()).map(d -> d.file()).orElse("");
                assertTrue(!dispatch || subsystem.stream().anyMatch(target::startsWith),
                        rule + " dispatches from " + hop + " into " + target + ": " + functions(f));
            }
        }
    }

    @Test
    void theSmbReceiveThreadReachesTheCompletionCallbacks() {
        FunctionId demultiplex = scan.graph().resolve("cifs_demultiplex_thread");
        List<CallEdge> path = scan.graph().shortestPath(demultiplex, scan.graph().resolve("smb2_readv_callback"))
                .orElseThrow(() -> new AssertionError("cifs_demultiplex_thread does not reach smb2_readv_callback"));
        assertEquals("mid_q_entry.callback", path.get(path.size() - 1).via());
        // 6.12 queues the rest of each completion to cifsiod_wq: no chain through a completion callback reaches a
        // put. (The rule's other findings come through core code the thread calls directly, e.g. its teardown.)
        assertEquals(List.of(), findings.stream().filter(f -> f.rule().equals("kreach/iput-in-smb-receive")
                && f.chain().stream().anyMatch(h -> "mid_q_entry.callback".equals(h.via())))
                .map(f -> f.site() + " via " + functions(f)).toList());
    }

    /**
     * Three kernel calls a field-only binding gets wrong, each checked against the chain's own code: the chains
     * through them are refuted with the store that decides it, and no reported chain takes them.
     */
    @Test
    void fieldCallsAreCheckedAgainstTheChainsOwnStores() {
        // vmemmap_remap_range() walks with vmemmap_remap_ops, whose .pmd_entry is vmemmap_pmd_entry.
        assertRefuted("mm/pagewalk.c:126", "ops->pmd_entry in mm/pagewalk.c:walk_pmd_range at mm/pagewalk.c:126 can "
                + "only be vmemmap_pmd_entry (mm/hugetlb_vmemmap.c:152), not ");
        // btrfs_join_transaction() passes TRANS_JOIN (9, from fs/btrfs/transaction.h and misc.h's ENUM_BIT()), and
        // only TRANS_START may wait for the commit in start_transaction().
        assertRefuted("fs/btrfs/transaction.c:746", "the call at fs/btrfs/transaction.c:746 runs only if "
                + "cur_trans->state >= TRANS_STATE_COMMIT_START && may_wait_... (fs/btrfs/transaction.c:743), which "
                + "this chain makes false: type = 9 (fs/btrfs/transaction.c:845)");
        // nfs4_proc_layoutcommit()'s task carries nfs4_layoutcommit_ops: its release is nfs4_layoutcommit_release.
        assertRefuted("net/sunrpc/sched.c:894", "ops->rpc_release in "
                + "rpc_release_calldata at net/sunrpc/sched.c:894 can only be nfs4_layoutcommit_release "
                + "(fs/nfs/nfs4proc.c:10282), not nfs_async_unlink_release");
        // vmemmap_remap_range() walks with vmemmap_remap_ops, which binds .pmd_entry and .pte_entry only: the
        // call under if (ops->pte_hole) is dead for it.
        assertRefuted("mm/pagewalk.c:255", "the call at mm/pagewalk.c:255 runs only if ops->pte_hole "
                + "(mm/pagewalk.c:254), which this chain makes false: ops->pte_hole = 0 (mm/hugetlb_vmemmap.c:164)");
        // And the hops that stay: the Ceph messenger's dispatch is traced to the OSD client's table.
        Finding read = finding("kreach/iput-in-messenger", "fs/ceph/addr.c:259");
        Hop dispatch = read.chain().stream().filter(h -> "ceph_connection_operations.dispatch".equals(h.via()))
                .findFirst().orElseThrow();
        assertEquals(dev.kreach.rules.refine.HopCertainty.VERIFIED, dispatch.certainty());
        assertTrue(dispatch.verdict().evidence().startsWith("con->ops->dispatch is osd_dispatch, stored at "
                + "net/ceph/osd_client.c:"), dispatch.verdict().evidence());
    }

    /**
     * A refuted chain's hop at {@code site} with {@code evidence}, and no reported chain that has the refutation's
     * edges in a row. (From other callers the hop may be real: log replay at mount does call replay_one_buffer.)
     */
    private void assertRefuted(String site, String evidence) {
        List<ContextReachability.Refuted> refuted = reachability.stats().refutations.stream()
                .filter(r -> (r.hop().file() + ":" + r.hop().line()).equals(site)
                        && r.evidence().startsWith(evidence)).toList();
        assertTrue(!refuted.isEmpty(), site + ": " + reachability.stats().refutations.stream()
                .filter(r -> (r.hop().file() + ":" + r.hop().line()).equals(site))
                .map(ContextReachability.Refuted::evidence).distinct().toList());
        for (ContextReachability.Refuted r : refuted) {
            for (Finding f : findings) {
                List<dev.kreach.analyzer.facts.Position> sites = f.chain().stream().map(Hop::site).toList();
                assertEquals(-1, java.util.Collections.indexOfSubList(sites, r.subpath()),
                        "a reported chain still has the refuted edges " + r.subpath() + ": " + functions(f));
            }
        }
    }

    private RuleSpec rule(String id) {
        return pack.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private Finding finding(String rule, String fileLine) {
        return findings.stream().filter(f -> f.rule().equals(rule)
                && (f.site().file() + ":" + f.site().line()).equals(fileLine)).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " at " + fileLine + " not found"));
    }

    private static List<String> functions(Finding f) {
        return f.chain().stream().map(h -> h.function().name()).toList();
    }
}

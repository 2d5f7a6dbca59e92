package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.rules.Level;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.last.Verdict;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.refine.HopCertainty;
import dev.kreach.rules.reach.Hop;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the rules must find, and must not, on Linux 6.12.117 fs/ceph + net/ceph. */
class LinuxRulesTest {
    private static final String WRITEBACK = "kreach/iput-in-writeback";
    private static final String MESSENGER = "kreach/iput-in-messenger";

    private final ScanResult scan = LinuxCorpus.scan();
    private final RulePack pack = RulePack.bundled();
    private final List<Finding> findings = ContextReachability.checkAll(scan, pack);

    private Finding finding(String rule, String fileLine) {
        return findings.stream().filter(f -> f.rule().equals(rule)
                && (f.site().file() + ":" + f.site().line()).equals(fileLine)).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " at " + fileLine + " not found in " + sites(rule)));
    }

    private Set<String> sites(String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule))
                .map(f -> f.site().file() + ":" + f.site().line()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static List<String> chain(Finding f) {
        return f.chain().stream().map(h -> h.function().name()).toList();
    }

    private static void assertConsecutive(Finding f, String... names) {
        assertTrue(Collections.indexOfSubList(chain(f), List.of(names)) >= 0,
                "expected " + List.of(names) + " in the chain " + chain(f));
    }

    /**
     * The model step has a place in the tree: folio_invalidate() is modelled (its file, mm/truncate.c, is outside
     * the scope), and its step points at the modelled call in its definition there, in text, JSON and the SARIF
     * code flow, still saying "model" as its kind; JSON keeps the model's own entry beside it.
     */
    @Test
    void theModelStepPointsAtTheModelledCallInTheTree() throws Exception {
        Finding f = finding(WRITEBACK, "fs/ceph/caps.c:3483");
        Hop model = f.chain().stream().filter(h -> h.function().name().equals("folio_invalidate")).findFirst()
                .orElseThrow();
        assertEquals(new dev.kreach.analyzer.facts.Position("mm/truncate.c", 141, 3), model.place());
        assertTrue(model.site().file().endsWith("kernel-models.yaml"), model.site().toString());
        assertEquals(dev.kreach.analyzer.graph.EdgeKind.MODEL, model.kind());
        String text = FindingsText.findings(scan, pack.registry(), List.of(f));
        assertTrue(text.contains("\n    folio_invalidate                         mm/truncate.c:141:3              model "
                + "address_space_operations.invalidate_folio (model)\n"), text);
        com.fasterxml.jackson.databind.JsonNode hop = null;
        for (com.fasterxml.jackson.databind.JsonNode h : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(FindingsJson.write(scan, pack.registry(), List.of(f))).get("findings").get(0).get("chain")) {
            if (h.get("function").asText().equals("folio_invalidate")) {
                hop = h;
            }
        }
        assertEquals("mm/truncate.c:141:3", hop.get("file").asText() + ":" + hop.get("line").asInt() + ":"
                + hop.get("column").asInt());
        assertEquals(model.site().toString(), hop.get("model").asText());
        com.fasterxml.jackson.databind.JsonNode flow = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dev.kreach.sarif.SarifReport.write(scan, pack.registry(), List.of(f), "kreach/t/"))
                .at("/runs/0/results/0/codeFlows/0/threadFlows/0/locations");
        com.fasterxml.jackson.databind.JsonNode physical = null;
        for (com.fasterxml.jackson.databind.JsonNode l : flow) {
            if (l.at("/location/message/text").asText().startsWith("folio_invalidate calls")) {
                physical = l.at("/location/physicalLocation");
            }
        }
        assertEquals("mm/truncate.c", physical.at("/artifactLocation/uri").asText());
        assertEquals(141, physical.at("/region/startLine").asInt());
    }

    /**
     * --scope fs/ceph on the real tree: the messenger's worker is in net/ceph and the SMB receive thread in
     * fs/smb/client, so both rules are not run, and each warning names the scope that would take its context in;
     * writeback, whose entry points fs/ceph has, runs.
     */
    @Test
    void aScopeWithoutTheMessengerSaysWhichScopeToAdd() {
        ScanResult cephOnly = new dev.kreach.analyzer.TreeScanner(new dev.kreach.analyzer.ScanOptions(
                new dev.kreach.analyzer.source.Scope(List.of("fs/ceph")), scan.options().config(),
                scan.options().models()), dev.kreach.analyzer.ProgressListener.NONE).scan(LinuxCorpus.tree());
        Set<String> notRun = UnboundContexts.of(new ContextReachability(cephOnly, pack), pack);
        assertEquals(Set.of("kreach/iput-in-messenger", "kreach/iput-in-smb-receive"), notRun);
        java.io.StringWriter err = new java.io.StringWriter();
        UnboundContexts.warn(new java.io.PrintWriter(err), notRun, pack);
        assertEquals(List.of("kreach: warning: kreach/iput-in-messenger: no entry point in the scope (its context work "
                + "ceph_connection.work is bound in net/ceph): not run, so its 0 says nothing; add --scope net/ceph",
                "kreach: warning: kreach/iput-in-smb-receive: no entry point in the scope (its context "
                + "cifs_demultiplex_thread() is defined in fs/smb/client): not run, so its 0 says nothing; add "
                + "--scope fs/smb/client"), err.toString().lines().toList());
        String summary = FindingsText.write(cephOnly, pack.registry(),
                ContextReachability.checkAll(cephOnly, pack), notRun);
        assertTrue(summary.contains(", kreach/iput-in-messenger not run (no entry point in the scope), "), summary);
    }

    @Test
    void writebackPutInWrbufferCapRefsThroughInvalidateFolio() {
        Finding f = finding(WRITEBACK, "fs/ceph/caps.c:3483");
        assertEquals("ceph_put_wrbuffer_cap_refs", f.function().name());
        assertEquals("ceph_writepages_start", f.entry().name());
        assertEquals("ceph_writepages_start", chain(f).get(0));
        assertConsecutive(f, "folio_invalidate", "ceph_invalidate_folio", "ceph_put_wrbuffer_cap_refs");
        assertEquals("iput(inode)", f.call());
        assertEquals("address_space_operations.writepages", f.context());
        Hop last = f.chain().get(f.chain().size() - 1);
        assertEquals(f.site(), last.site(), "the last hop is the sink call itself");
    }

    @Test
    void messengerPutsInReadCompletionAndAsyncUnlink() {
        Finding read = finding(MESSENGER, "fs/ceph/addr.c:259");
        assertEquals("finish_netfs_read", read.function().name());
        assertEquals("ceph_con_workfn", chain(read).get(0));
        assertConsecutive(read, "osd_dispatch", "handle_reply", "__complete_request", "finish_netfs_read");
        assertEquals("net/ceph/osd_client.c", read.chain().get(chain(read).indexOf("handle_reply")).function().file());

        Finding unlink = finding(MESSENGER, "fs/ceph/dir.c:1301");
        assertEquals("ceph_async_unlink_cb", unlink.function().name());
        assertConsecutive(unlink, "mds_dispatch", "handle_reply", "complete_request", "ceph_async_unlink_cb");
        assertEquals("fs/ceph/mds_client.c",
                unlink.chain().get(chain(unlink).indexOf("handle_reply")).function().file());
        assertEquals("work ceph_connection.work", unlink.context());
    }

    @Test
    void putsReachedOnlyFromSyscallsExportOpsUnmountOrWorkItemsAreNotFlagged() {
        Set<String> flagged = findings.stream().map(f -> f.site().file() + ":" + f.site().line())
                .collect(Collectors.toSet());
        List<String> mustNotFlag = List.of(
                "fs/ceph/export.c:165", "fs/ceph/export.c:178", "fs/ceph/export.c:195", "fs/ceph/export.c:200",
                "fs/ceph/export.c:238", "fs/ceph/export.c:389", // NFS export operations
                "fs/ceph/inode.c:2337", // ceph_inode_work: a work item
                "fs/ceph/mds_client.c:2572", // ceph_cap_unlink_work: a work item
                "fs/ceph/caps.c:4719", // ceph_check_delayed_caps: from the delayed work
                "fs/ceph/quota.c:193", // ceph_cleanup_quotarealms_inodes: unmount
                "fs/ceph/file.c:985", // ceph_atomic_open: a system call
                "fs/ceph/inode.c:3170"); // ceph_getattr: a system call
        for (String site : mustNotFlag) {
            assertTrue(!flagged.contains(site), site + " must not be flagged: " + findings.stream()
                    .filter(f -> (f.site().file() + ":" + f.site().line()).equals(site)).map(LinuxRulesTest::chain)
                    .toList());
        }
    }

    /**
     * ceph_queue_inode_work() takes its own reference with ihold(inode), queues the inode's work, and puts only when
     * queue_work() returned false (the work was queued already and holds its own): its callers pass an inode they
     * hold, so that put is never the last (the v2 review of the 2025 fix asked why it needed converting). Reached
     * from both contexts, it is a note in each, with the ihold() and the failed queue_work() as evidence; the three
     * puts the 2025 deadlock was about stay warnings.
     */
    @Test
    void theQueueOrPutIsANoteAndTheSeedSitesStayWarnings() {
        List<Finding> notes = notesBy("balanced-on-failure");
        assertEquals(List.of(MESSENGER + " fs/ceph/inode.c:2186", WRITEBACK + " fs/ceph/inode.c:2186"),
                notes.stream().map(f -> f.rule() + " " + f.site().file() + ":" + f.site().line()).sorted().toList());
        for (Finding note : notes) {
            assertEquals(Verdict.NOT_LAST, note.lastReference().verdict());
            assertEquals("ihold(inode) at fs/ceph/inode.c:2179 takes a reference for queue_work() at "
                    + "fs/ceph/inode.c:2180, and the put at fs/ceph/inode.c:2186 runs only when queue_work() took "
                    + "nothing over (!(queue_work(fsc->inode_wq, &ci->i_work))): it gives that reference back while "
                    + "the caller's own reference to inode, which it passes to ceph_queue_inode_work, is held",
                    note.lastReference().evidence());
        }
        assertTrue(finding(WRITEBACK, "fs/ceph/caps.c:3483").lastReference().mayBeLast());
        for (String seed : List.of("fs/ceph/caps.c:3483", "fs/ceph/addr.c:259", "fs/ceph/dir.c:1301")) {
            assertTrue(finding(MESSENGER, seed).lastReference().mayBeLast(), seed);
        }
    }

    /**
     * remove_session_caps_cb() is only ever called back by ceph_iterate_session_caps(), which igrab()s each cap's
     * inode, calls the callback, and keeps the reference in last_inode until it puts it before the next cap (or
     * after the loop): the callback's puts, of the references the cap's flushes held, are not the last. The
     * iterator's own puts are the last ones it may drop, in a loop over its igrab()s: they stay warnings.
     */
    @Test
    void theSessionCapsCallbackIsHeldAcrossByTheIterator() {
        List<Finding> notes = notesBy("held-across-callback");
        assertEquals(List.of(MESSENGER + " fs/ceph/mds_client.c:1964"),
                notes.stream().map(f -> f.rule() + " " + f.site().file() + ":" + f.site().line()).toList());
        assertEquals("remove_session_caps_cb is only called back, and the one function that calls it holds its own "
                + "reference across the call: ceph_iterate_session_caps takes it with inode = igrab() at "
                + "fs/ceph/mds_client.c:1891, calls at fs/ceph/mds_client.c:1909 and keeps it in last_inode at "
                + "fs/ceph/mds_client.c:1910, which it puts (fs/ceph/mds_client.c:1901, fs/ceph/mds_client.c:1934)",
                notes.get(0).lastReference().evidence());
        for (String own : List.of("fs/ceph/mds_client.c:1901", "fs/ceph/mds_client.c:1934")) {
            assertTrue(finding(MESSENGER, own).lastReference().mayBeLast(), own);
        }
    }

    /**
     * Puts that may be the only reference stay warnings, each read in the source: a lookup's reference dropped in a
     * reply or message handler (ceph_fill_trace()'s target, inode.c:1697; ceph_handle_quota(), quota.c:79;
     * ceph_handle_caps()' own put, caps.c:4640); a request's inode references dropped when its last reference
     * goes (ceph_mdsc_release_request(), mds_client.c:1155); the put after ihold() of an inode taken off the snap
     * flush list, whose own reference ceph_flush_snaps() may drop meanwhile (snap.c:961); and the iterators' last
     * puts over their igrab()s (snap.c:765, mds_client.c:1934).
     */
    @Test
    void putsThatMayBeTheOnlyReferenceStayWarnings() {
        for (String site : List.of("fs/ceph/inode.c:1697", "fs/ceph/quota.c:79", "fs/ceph/caps.c:4640",
                "fs/ceph/mds_client.c:1155", "fs/ceph/snap.c:961", "fs/ceph/snap.c:765",
                "fs/ceph/mds_client.c:1934")) {
            Finding f = finding(MESSENGER, site);
            assertTrue(f.lastReference().mayBeLast(), site + ": " + f.lastReference());
            assertEquals(Level.WARNING, f.level(Level.WARNING), site);
        }
    }

    /**
     * ceph_handle_caps() looks the inode up with ceph_find_inode() (a referenced inode) and puts it at
     * done_unlocked: after the flush acks' handlers, whose puts drop the reference the flushing cap or cap snap
     * held (handle_cap_flush_ack()'s drop, handle_cap_flushsnap_ack()'s capsnap), by a break or a goto done that
     * land above that put. Read in caps.c: nothing between those calls and the put hands the reference over, so
     * both are notes; the caller's own put, the one that may be the last, stays a warning.
     */
    @Test
    void theFlushAckHandlersPutsAreHeldByCephHandleCaps() {
        List<Finding> notes = notesBy("held-by-caller");
        assertEquals(List.of(MESSENGER + " fs/ceph/caps.c:3998", MESSENGER + " fs/ceph/caps.c:4089"),
                notes.stream().map(f -> f.rule() + " " + f.site().file() + ":" + f.site().line()).sorted().toList());
        assertEquals("its one caller holds its own reference across the call of handle_cap_flush_ack: "
                + "ceph_handle_caps takes it with inode = ceph_find_inode() at fs/ceph/caps.c:4529, calls at "
                + "fs/ceph/caps.c:4619 and puts it at fs/ceph/caps.c:4640",
                finding(MESSENGER, "fs/ceph/caps.c:3998").lastReference().evidence());
        assertEquals("its one caller holds its own reference across the call of handle_cap_flushsnap_ack: "
                + "ceph_handle_caps takes it with inode = ceph_find_inode() at fs/ceph/caps.c:4529, calls at "
                + "fs/ceph/caps.c:4556 and puts it at fs/ceph/caps.c:4640",
                finding(MESSENGER, "fs/ceph/caps.c:4089").lastReference().evidence());
        assertTrue(finding(MESSENGER, "fs/ceph/caps.c:4640").lastReference().mayBeLast());
    }

    /**
     * ceph_get_inode() hands its preallocated inode to inode_insert5(), which returns it hashed, or returns the inode
     * already hashed under the vino and leaves the preallocated one unseen; only then does it put newino. Read in
     * inode.c (and ceph_new_inode(), where newino comes from: new_inode(), no I/O): that put may be the last, but
     * of an inode with nothing to wait for. The preallocated inode a request keeps in r_new_inode is the same kind,
     * known through the field: read in dir.c (ceph_mknod, ceph_symlink, ceph_mkdir store ceph_new_inode()'s result
     * or NULL), file.c (ceph_atomic_open stores new_inode, which at :935 is NULL or ceph_new_inode()'s: the async
     * branch that hashes it with ceph_get_inode() always leaves by goto out_req or, after new_inode = NULL, goto
     * retry) and mds_client.c (handle_reply moves it out with xchg() and puts it at :4002 when the reply made no new
     * inode, before ceph_get_inode() hashes it; the request's release puts what is left at :1162). Every other use
     * only tests or inspects it.
     */
    @Test
    void preallocatedInodesNobodyHasSeenCannotBlock() {
        List<Finding> notes = notesBy("never-visible");
        assertEquals(List.of(MESSENGER + " fs/ceph/inode.c:191", MESSENGER + " fs/ceph/mds_client.c:1162",
                MESSENGER + " fs/ceph/mds_client.c:4002"),
                notes.stream().map(f -> f.rule() + " " + f.site().file() + ":" + f.site().line()).sorted().toList());
        notes.forEach(n -> assertEquals(Verdict.CANNOT_BLOCK, n.lastReference().verdict()));
        assertEquals("inode_insert5(newino) at fs/ceph/inode.c:188 returned another inode, found under the same "
                + "key, and left newino unhashed; the put at fs/ceph/inode.c:191 runs only then (inode != newino), "
                + "with nothing between that makes it visible: its eviction has no writeback or I/O to wait for",
                finding(MESSENGER, "fs/ceph/inode.c:191").lastReference().evidence());
        String field = "every store into ->r_new_inode in the scope is of NULL or of a new inode nothing has hashed, "
                + "attached or given I/O (ceph_new_inode() at fs/ceph/dir.c:957, ceph_new_inode() at fs/ceph/dir.c:1068, ceph_new_inode() "
                + "at fs/ceph/dir.c:1159, new_inode (NULL or ceph_new_inode() at fs/ceph/file.c:841) at "
                + "fs/ceph/file.c:935), and nothing uses it but tests and IS_ERR() at fs/ceph/dir.c:958, PTR_ERR() "
                + "at fs/ceph/dir.c:959, fscrypt_encrypt_symlink() at fs/ceph/dir.c:1014, IS_ERR() at "
                + "fs/ceph/dir.c:1069, PTR_ERR() at fs/ceph/dir.c:1070, IS_ENCRYPTED() at fs/ceph/dir.c:1078, "
                + "IS_ERR() at fs/ceph/dir.c:1160, PTR_ERR() at fs/ceph/dir.c:1161, the put at "
                + "fs/ceph/mds_client.c:1162, xchg() at fs/ceph/mds_client.c:3988, which moves it out: its eviction has "
                + "no writeback or I/O to wait for";
        assertEquals("req->r_new_inode at fs/ceph/mds_client.c:1162 can only be an inode never hashed, attached or "
                + "given I/O: " + field,
                finding(MESSENGER, "fs/ceph/mds_client.c:1162").lastReference().evidence());
        assertEquals("in = xchg(req->r_new_inode, ...) at fs/ceph/mds_client.c:3988 moved it out of ->r_new_inode, "
                + "and until the put at fs/ceph/mds_client.c:4002 nothing hashes, attaches or dirties it; " + field,
                finding(MESSENGER, "fs/ceph/mds_client.c:4002").lastReference().evidence());
        // The request's other inodes are looked up or given by the caller: anyone may hold them.
        for (String site : List.of("fs/ceph/mds_client.c:1155", "fs/ceph/mds_client.c:1159",
                "fs/ceph/mds_client.c:1161")) {
            assertTrue(finding(MESSENGER, site).lastReference().mayBeLast(), site);
        }
    }

    private List<Finding> notesBy(String reasoner) {
        return findings.stream().filter(f -> reasoner.equals(f.lastReference().reasoner())).toList();
    }

    @Test
    void callbacksFollowTheCallerThatPassedThem() {
        // remove_session_caps_cb is passed to ceph_iterate_session_caps by remove_session_caps, not by
        // send_mds_reconnect (which passes reconnect_caps_cb): the chain must say so.
        Finding f = finding(MESSENGER, "fs/ceph/mds_client.c:1964");
        assertConsecutive(f, "remove_session_caps", "remove_session_caps_cb");
        assertTrue(!chain(f).contains("send_mds_reconnect"), chain(f).toString());
    }

    /**
     * Checked hop by hop, no real chain is lost and the interfaces between the messenger and fs/ceph hold: every
     * dispatch is traced to the table ceph_con_init()'s caller passes, the writeback chain's invalidate_folio is
     * the entry point's own ceph_aops, and each request callback, called on a request found by tid in an rbtree, is
     * stored into a request that the code inserts into the tree the lookup reads.
     */
    @Test
    void theCephChainsComeOutVerifiedWhereTheirOwnCodeSaysSo() {
        assertEquals(34, findings.stream().filter(f -> f.lastReference().mayBeLast()).count());
        for (Finding f : findings) {
            for (Hop hop : f.chain()) {
                if ("ceph_connection_operations.dispatch".equals(hop.via())) {
                    assertEquals(HopCertainty.VERIFIED, hop.certainty(), chain(f).toString());
                    assertTrue(hop.verdict().evidence().matches("con->ops->dispatch is (osd|mds|mon)_dispatch, stored "
                            + "at (net|fs)/ceph/(osd|mds|mon)_client\\.c:\\d+; traced through .*"),
                            hop.verdict().evidence());
                } else if (hop.via() != null && hop.via().startsWith("address_space_operations.invalidate_folio")) {
                    assertEquals(HopCertainty.VERIFIED, hop.certainty());
                    assertTrue(hop.verdict().evidence().startsWith("ceph_invalidate_folio is ceph_aops.invalidate_folio"
                            + " (fs/ceph/addr.c:"), hop.verdict().evidence());
                } else if (hop.via() != null && hop.via().endsWith(".r_callback")) {
                    assertEquals(HopCertainty.VERIFIED, hop.certainty(), hop.toString());
                    assertTrue(hop.verdict().evidence().matches("req->r_callback is \\w+, stored at fs/ceph/\\w+\\.c:\\d+ "
                            + "into an object that insert_request\\(\\) puts into (o_requests|request_tree) "
                            + "\\((net|fs)/ceph/(osd|mds)_client\\.c:\\d+\\), where lookup_request\\(\\) finds it "
                            + "\\((net|fs)/ceph/(osd|mds)_client\\.c:\\d+\\)"), hop.verdict().evidence());
                }
            }
            assertEquals(0, f.unverifiedHops(), chain(f).toString());
        }
    }

    @Test
    void oneFindingPerRuleAndSiteInSourceOrderAndTheTextIsStable() {
        for (String rule : List.of(WRITEBACK, MESSENGER)) {
            List<String> sites = findings.stream().filter(f -> f.rule().equals(rule)).map(f -> f.site().toString())
                    .toList();
            assertEquals(sites.size(), Set.copyOf(sites).size(), "one finding per site: " + sites);
        }
        String text = FindingsText.write(scan, pack.registry(), findings);
        assertTrue(text.contains("fs/ceph/caps.c:3483:3: warning: iput() may drop the last inode reference in "
                + "writeback context [kreach/iput-in-writeback]\n"), text);
        // Its chain comes through ceph_mds_request.r_callback, verified by the unlink request's own callback store.
        assertTrue(text.contains("fs/ceph/dir.c:1301:2: warning: iput() may drop the last inode reference in the "
                + "Ceph messenger [kreach/iput-in-messenger]\n"), text);
        assertTrue(text.contains("req->r_callback is ceph_async_unlink_cb, stored at fs/ceph/dir.c:1417 into an object "
                + "that insert_request() puts into request_tree (fs/ceph/mds_client.c:1239)"), text);
        assertEquals(text, FindingsText.write(scan, pack.registry(),
                ContextReachability.checkAll(scan, RulePack.bundled())));
    }
}

package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.ProgressListener;
import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.Callee;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.Deferral;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.model.KernelModels;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.source.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What must hold on Linux 6.12.117 fs/ceph + net/ceph in fast mode, read from Debian's tarball. */
class LinuxCorpusTest {

    private final ScanResult scan = LinuxCorpus.scan();
    private final CallGraph graph = scan.graph();

    /** The chain as qualified names, start first. */
    private List<String> chain(String from, String to) {
        List<CallEdge> edges = graph.shortestPath(graph.resolve(from), graph.resolve(to))
                .orElseThrow(() -> new AssertionError("no path from " + from + " to " + to));
        List<String> names = new java.util.ArrayList<>();
        names.add(edges.get(0).caller().qualified());
        edges.forEach(e -> names.add(e.callee().qualified()));
        return names;
    }

    private static void assertConsecutive(List<String> chain, String... hops) {
        int at = java.util.Collections.indexOfSubList(chain, List.of(hops));
        assertTrue(at >= 0, "expected " + List.of(hops) + " in " + chain);
    }

    @Test
    void messengerReachesNetfsReadCompletionThroughOsdDispatch() {
        List<String> chain = chain("ceph_con_workfn", "finish_netfs_read");
        assertEquals("net/ceph/messenger.c:ceph_con_workfn", chain.get(0));
        assertEquals("fs/ceph/addr.c:finish_netfs_read", chain.get(chain.size() - 1));
        assertConsecutive(chain, "net/ceph/osd_client.c:osd_dispatch", "net/ceph/osd_client.c:handle_reply",
                "net/ceph/osd_client.c:__complete_request", "fs/ceph/addr.c:finish_netfs_read");
    }

    @Test
    void writepagesReachesCapRefsThroughFolioInvalidate() {
        List<String> chain = chain("ceph_writepages_start", "ceph_put_wrbuffer_cap_refs");
        assertConsecutive(chain, "folio_invalidate", "fs/ceph/addr.c:ceph_invalidate_folio",
                "ceph_put_wrbuffer_cap_refs");
    }

    @Test
    void messengerReachesAsyncUnlinkCallbackThroughMdsDispatch() {
        List<String> chain = chain("ceph_con_workfn", "ceph_async_unlink_cb");
        assertConsecutive(chain, "fs/ceph/mds_client.c:mds_dispatch", "fs/ceph/mds_client.c:handle_reply",
                "fs/ceph/mds_client.c:complete_request", "fs/ceph/dir.c:ceph_async_unlink_cb");
    }

    @Test
    void pathCommandTextNamesEveryHopWithItsCallSite() {
        FunctionId from = graph.resolve("ceph_con_workfn");
        List<CallEdge> edges = graph.shortestPath(from, graph.resolve("finish_netfs_read")).orElseThrow();
        String text = PathCommand.text(graph, from, edges);
        assertTrue(text.contains("net/ceph/osd_client.c:handle_reply "), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("ceph_con_process_message ")
                && l.contains("net/ceph/messenger.c:") && l.contains("field ceph_connection_operations.dispatch")),
                text);
        assertTrue(text.lines().reduce((a, b) -> b).orElse("").matches("finish_netfs_read +fs/ceph/addr.c:\\d+"),
                text);
    }

    @Test
    void workFunctionsHaveNoEdgeFromTheirRegistrar() {
        FunctionId workfn = graph.resolve("ceph_con_workfn");
        assertEquals(List.of(), graph.callers(workfn), "nothing calls ceph_con_workfn; INIT_DELAYED_WORK registers it");
        List<Deferral> registered = graph.deferrals().stream().filter(d -> workfn.equals(d.callback())).toList();
        assertEquals(1, registered.size(), registered.toString());
        assertEquals("INIT_DELAYED_WORK", registered.get(0).api());
        assertEquals("ceph_connection.work", registered.get(0).workItem());
        for (Deferral d : graph.deferrals()) {
            if (d.callback() == null || d.registrar() == null) {
                continue;
            }
            for (CallEdge edge : graph.callers(d.callback())) {
                assertNotEquals(d.site(), edge.site(), "deferral " + d + " became a call edge " + edge);
            }
        }
        assertTrue(graph.deferrals().size() >= 20, "INIT_WORK and friends recorded: " + graph.deferrals().size());
    }

    @Test
    void fastModeRecoversEveryFunctionAndEveryIput() {
        assertEquals(50, scan.sources().size());
        assertTrue(scan.sourceFunctions() >= 1567, "functions: " + scan.sourceFunctions());
        assertTrue(scan.problems().size() <= 10, "problem nodes: " + scan.problems());
        assertEquals(scan.sourceFunctions(), scan.cleanSourceFunctions());
        assertEquals(List.of(), scan.skipped());

        Set<Position> iputSites = new TreeSet<>();
        scan.sources().forEach(f -> f.calls().stream()
                .filter(c -> c.callee() instanceof Callee.Named n && n.name().equals("iput"))
                .map(CallFact::site).forEach(iputSites::add));
        assertEquals(58, iputSites.size(), "iput( call sites in the facts");
        Set<Position> iputEdges = graph.callers(FunctionId.external("iput")).stream()
                .filter(e -> e.kind() == EdgeKind.DIRECT && e.site().file().endsWith(".c"))
                .map(CallEdge::site).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(iputSites, iputEdges, "every iput( call site is an edge of the graph");
        // The one raw CDT lost, after list_first_entry(&to_remove, struct ceph_cap_flush, i_list):
        assertTrue(graph.callers(FunctionId.external("iput")).stream()
                .anyMatch(e -> e.caller().name().equals("ceph_handle_caps")), "iput in ceph_handle_caps");
    }

    @Test
    void staticFunctionsKeepTheirLinkage() {
        List<FunctionId> handleReply = graph.named("handle_reply");
        // auth_none.c has a third, bound to ceph_auth_client_ops.handle_reply.
        assertEquals(List.of(new FunctionId("handle_reply", "fs/ceph/mds_client.c"),
                new FunctionId("handle_reply", "net/ceph/auth_none.c"),
                new FunctionId("handle_reply", "net/ceph/osd_client.c")), handleReply);
        List<FunctionId> delayedWork = graph.named("delayed_work");
        assertEquals(List.of(new FunctionId("delayed_work", "fs/ceph/mds_client.c"),
                new FunctionId("delayed_work", "net/ceph/mon_client.c")), delayedWork);
        // Each file's call binds to its own definition.
        assertTrue(graph.callers(new FunctionId("handle_reply", "net/ceph/osd_client.c")).stream()
                .allMatch(e -> e.site().file().equals("net/ceph/osd_client.c")));
        assertTrue(graph.callers(new FunctionId("handle_reply", "fs/ceph/mds_client.c")).stream()
                .allMatch(e -> e.site().file().equals("fs/ceph/mds_client.c")));
    }

    @Test
    void dotConfigDropsDisabledBranches(@TempDir Path tmp) throws Exception {
        // Debian's amd64 choices for the options fs/ceph and net/ceph test, with the security label support off;
        // networking on, or kbuild would not enter net/ at all.
        Path config = tmp.resolve(".config");
        Files.writeString(config, String.join("\n", "CONFIG_NET=y", "CONFIG_INET=y", "CONFIG_64BIT=y",
                "CONFIG_X86_64=y", "CONFIG_CEPH_LIB=m", "CONFIG_CEPH_FS=m",
                "CONFIG_CEPH_FSCACHE=y", "CONFIG_CEPH_FS_POSIX_ACL=y", "# CONFIG_CEPH_FS_SECURITY_LABEL is not set",
                "# CONFIG_CEPH_LIB_USE_DNS_RESOLVER is not set", "CONFIG_DEBUG_FS=y", "CONFIG_FS_ENCRYPTION=y",
                "CONFIG_SECURITY=y", "CONFIG_BLOCK=y", ""));
        ScanOptions options = new ScanOptions(Scope.CEPH, KernelConfig.fromDotConfig(config), KernelModels.bundled());
        ScanResult configured = new TreeScanner(options, ProgressListener.NONE).scan(LinuxCorpus.tree());
        FunctionId secctx = FunctionId.external("ceph_security_init_secctx");
        assertTrue(graph.definition(secctx).isPresent(), "fast mode analyses the CONFIG_CEPH_FS_SECURITY_LABEL branch");
        assertTrue(configured.graph().definition(secctx).isEmpty(), "the .config turns it off");
        assertTrue(configured.sourceFunctions() < scan.sourceFunctions(),
                configured.sourceFunctions() + " vs " + scan.sourceFunctions());
        assertTrue(configured.graph().shortestPath(configured.graph().resolve("ceph_con_workfn"),
                configured.graph().resolve("ceph_async_unlink_cb")).isPresent());
    }

    @Test
    void everyIndirectKindResolvesSomething() {
        var byKind = graph.edgesByKind();
        assertTrue(byKind.get(EdgeKind.FIELD) >= 100, byKind.toString());
        assertTrue(byKind.get(EdgeKind.CALLBACK) >= 10, byKind.toString());
        assertTrue(byKind.get(EdgeKind.MODEL) >= 20, byKind.toString());
        // ceph_iterate_session_caps calls its callback parameter; remove_session_caps_cb is passed to it.
        assertTrue(graph.callees(graph.resolve("ceph_iterate_session_caps")).stream()
                .anyMatch(e -> e.kind() == EdgeKind.CALLBACK && e.callee().name().equals("remove_session_caps_cb")));
        // kref_put(&req->r_kref, ceph_mdsc_release_request) in an inline of fs/ceph/mds_client.h.
        assertTrue(graph.callers(graph.resolve("ceph_mdsc_release_request")).stream()
                .anyMatch(e -> e.kind() == EdgeKind.MODEL && e.via().equals("kref_put argument 2")),
                graph.callers(graph.resolve("ceph_mdsc_release_request")).toString());
    }
}

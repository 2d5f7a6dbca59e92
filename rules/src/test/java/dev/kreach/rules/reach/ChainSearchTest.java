package dev.kreach.rules.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.CallGraphBuilder;
import dev.kreach.analyzer.model.KernelModels;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.KernelParser;
import dev.kreach.analyzer.source.SourceFile;
import dev.kreach.rules.pack.ContextEntry;
import dev.kreach.rules.pack.ReferenceCalls;
import dev.kreach.rules.pack.RuleSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chain search is monotone: a graph that gains a call reaches everything it reached before. The case: an entry
 * point of fs/a enters fs/b through a narrow interface both implement, and fs/b calls core code whose generic
 * interface then
 * dispatches into fs/b (the chain runs for fs/b). A second, shorter route to the same core function, straight from
 * fs/a, must not hide the first: reached that way the core function may not dispatch into fs/b.
 */
class ChainSearchTest {
    private static final String B_OPS = "struct b_ops { void (*handle)(void); };\n";
    private static final String GEN = "struct gen_ops { void (*release)(void); };\n"
            + "struct gen { struct gen_ops *ops; };\n";

    private static Map<String, String> tree(boolean directCall) {
        return tree(directCall, true, true);
    }

    private static Map<String, String> tree(boolean directCall, boolean aImplements, boolean bRegisters) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("fs/a/a.c", B_OPS + "struct myctx_ops { void (*start)(void); };\n"
                + "void core_put(struct gen *g);\n"
                + "static struct b_ops *bo;\n"
                + "void a_register(struct b_ops *ops)\n{\n\tbo = ops;\n}\n"
                // fs/a implements b_ops too: the interface is one between fs/a and fs/b, so its call may join fs/b.
                + (aImplements ? "static void a_handle(void)\n{\n}\n"
                        + "static struct b_ops a = { .handle = a_handle };\n" : "")
                + "static struct gen *mine;\n"
                + "static void a_entry(void)\n{\n\tbo->handle();\n"
                + (directCall ? "\tcore_put(mine);\n" : "") + "}\n"
                + "static struct myctx_ops ctx = { .start = a_entry };\n");
        files.put("fs/b/b.c", B_OPS + GEN + "void core_put(struct gen *g);\nvoid iput(void *inode);\n"
                + "void a_register(struct b_ops *ops);\n"
                + "static struct gen *theirs;\n"
                + "static void b_handle(void)\n{\n\tcore_put(theirs);\n}\n"
                + "static void b_release(void)\n{\n\tiput(0);\n}\n"
                + "static struct b_ops b = { .handle = b_handle };\n"
                // fs/b hands its b_ops to fs/a, as fs/ceph hands its connection operations to net/ceph.
                + (bRegisters ? "static void b_init(void)\n{\n\ta_register(&b);\n}\n" : "")
                + "static struct gen_ops bg = { .release = b_release };\n");
        coreAndFourMoreBinders(files);
        return files;
    }

    /**
     * The core function that calls the generic release, and four more filesystems that bind it: with the tree's
     * own binder, five components make the interface generic.
     */
    private static void coreAndFourMoreBinders(Map<String, String> files) {
        files.put("mm/core.c", GEN + "void core_put(struct gen *g)\n{\n\tg->ops->release();\n}\n");
        for (String fs : List.of("c", "d", "e", "f")) {
            files.put("fs/" + fs + "/" + fs + ".c", GEN + "static void " + fs + "_release(void)\n{\n}\n"
                    + "static struct gen_ops " + fs + "g = { .release = " + fs + "_release };\n");
        }
    }

    private static List<Finding> findings(Map<String, String> files) throws Exception {
        KernelParser parser = new KernelParser(KernelConfig.allEnabled());
        List<FileFacts> units = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            units.add(parser.parse(new SourceFile(file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8))));
        }
        CallGraph graph = new CallGraphBuilder(KernelModels.bundled()).build(units, List.of());
        RuleSpec rule = new RuleSpec("test/iput", List.of("iput"), List.of(new ContextEntry.Field("myctx_ops",
                "start")), List.of(), ReferenceCalls.NONE, List.of("test"));
        return new ContextReachability(graph).check(rule);
    }

    private static List<String> chain(Finding f) {
        return f.chain().stream().map(h -> h.function().name()).toList();
    }

    @Test
    void theGenericDispatchIsFoundThroughTheNarrowInterface() throws Exception {
        List<Finding> found = findings(tree(false));
        assertEquals(1, found.size(), found.toString());
        assertEquals(List.of("a_entry", "b_handle", "core_put", "b_release"), chain(found.get(0)));
    }

    @Test
    void aShorterRouteToTheCoreFunctionDoesNotHideIt() throws Exception {
        List<Finding> found = findings(tree(true));
        assertEquals(1, found.size(), found.toString());
        assertEquals(List.of("a_entry", "b_handle", "core_put", "b_release"), chain(found.get(0)));
    }

    /** A narrow interface that the calling component does not implement itself does not take the chain along. */
    @Test
    void anInterfaceTheCallerDoesNotImplementDoesNotJoinItsComponent() throws Exception {
        assertEquals(List.of(), findings(tree(false, false, true)));
    }

    /**
     * Nor does one that the other component never hands to the caller's: NFS's lock requests carry NFS's
     * file_lock_operations, and fs/ceph, which binds the same field, never calls into fs/nfs.
     */
    @Test
    void anInterfaceJoinsOnlyAComponentThatCallsTheCallersCode() throws Exception {
        assertEquals(List.of(), findings(tree(false, true, false)));
    }

    /**
     * The trail case: fs/a's entry point calls fs/dbg (as Ceph's reconnect reaches debugfs through
     * kmem_cache_destroy()), which calls core code on its own object; the generic interface dispatches on dbg's
     * object, not on one of fs/a's. fs/dbg implements the interface and never calls it: the object is its own.
     */
    private static Map<String, String> trailTree(boolean throughDbg, boolean backIntoA) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("fs/a/a.c", GEN + "struct myctx_ops { void (*start)(void); };\n"
                + "void core_put(struct gen *g);\nvoid dbg_remove(void);\nvoid iput(void *inode);\n"
                + "static struct gen *mine;\n"
                + "void a_put_mine(void)\n{\n\tcore_put(mine);\n}\n"
                + "static void a_entry(void)\n{\n\t" + (throughDbg ? "dbg_remove();" : "core_put(mine);")
                + "\n}\n"
                + "static void a_release(void)\n{\n\tiput(0);\n}\n"
                + "static struct myctx_ops ctx = { .start = a_entry };\n"
                + "static struct gen_ops ag = { .release = a_release };\n");
        files.put("fs/dbg/dbg.c", GEN + "void core_put(struct gen *g);\nvoid a_put_mine(void);\n"
                + "static struct gen *dbg_root;\n"
                + "static void dbg_release(void)\n{\n}\n"
                + "void dbg_remove(void)\n{\n\t" + (backIntoA ? "a_put_mine();" : "core_put(dbg_root);")
                + "\n}\n"
                + "static struct gen_ops dg = { .release = dbg_release };\n");
        coreAndFourMoreBinders(files);
        return files;
    }

    @Test
    void aGenericCallOnTheOwnObjectOfAComponentOnTheWayStaysThere() throws Exception {
        assertEquals(List.of(), findings(trailTree(true, false)));
    }

    @Test
    void aGenericCallOnTheChainsOwnObjectGoesIntoItsComponent() throws Exception {
        List<Finding> found = findings(trailTree(false, false));
        assertEquals(1, found.size(), found.toString());
        assertEquals(List.of("a_entry", "core_put", "a_release"), chain(found.get(0)));
    }

    /** Back in fs/a's own code, the chain works on fs/a's objects again. */
    @Test
    void comingBackIntoTheChainsComponentForgetsTheWay() throws Exception {
        List<Finding> found = findings(trailTree(true, true));
        assertEquals(1, found.size(), found.toString());
        assertEquals(List.of("a_entry", "dbg_remove", "a_put_mine", "core_put", "a_release"), chain(found.get(0)));
    }

    /**
     * A call matched by field name alone (its object's type unknown), made by fs/dbg while the chain's trail holds
     * fs/dbg, into a function of fs/a that fs/dbg's own table holds: the match names no interface, so no component
     * on the trail owns it, and the chain goes on within its own component (this once failed with a
     * NullPointerException: a name-only call has no implementers).
     */
    @Test
    void aNameOnlyCallFromAComponentOnTheTrailGoesOnIntoTheChainsComponent() throws Exception {
        Map<String, String> files = trailTree(true, false);
        files.put("fs/a/cb.c", "void iput(void *inode);\nvoid a_cb(void)\n{\n\tiput(0);\n}\n");
        files.put("fs/dbg/name.c", "struct holder { void (*cb)(void); };\nvoid a_cb(void);\n"
                + "static struct holder h = { .cb = a_cb };\n"
                + "void dbg_remove_more(void)\n{\n\tdbg_lookup()->cb();\n}\n");
        files.put("fs/a/a.c", files.get("fs/a/a.c").replace("dbg_remove();", "dbg_remove();\n\tdbg_remove_more();")
                .replace("void dbg_remove(void);", "void dbg_remove(void);\nvoid dbg_remove_more(void);"));
        List<Finding> found = findings(files);
        assertEquals(List.of(List.of("a_entry", "dbg_remove_more", "a_cb")), found.stream().map(f -> chain(f))
                .toList(), found.toString());
    }
}

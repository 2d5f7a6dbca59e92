package dev.kreach.analyzer.body;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.cache.FactsCache;
import dev.kreach.analyzer.facts.Condition;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.KernelParser;
import dev.kreach.analyzer.source.InMemoryTree;
import dev.kreach.analyzer.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies read again come from the cache only while the file and the headers that gave their constants hold. */
class FunctionBodiesTest {
    private static final String SOURCE = """
            #include "mode.h"
            void go(int m);
            void start(int m)
            {
            	if (m == MODE_WRITE)
            		go(m);
            }
            """;

    @Test
    void aChangedHeaderIsReadAgainAndAnUnchangedOneIsNot(@TempDir Path root) {
        FactsCache cache = FactsCache.open(root, "test-build");
        assertEquals(new Value.Constant(2), guardValue(bodies("#define MODE_WRITE 2\n", cache)));
        FunctionBodies again = bodies("#define MODE_WRITE 2\n", cache);
        assertEquals(new Value.Constant(2), guardValue(again));
        assertEquals(1, again.cacheHits());
        FunctionBodies changed = bodies("#define MODE_WRITE 3\n", cache);
        assertEquals(new Value.Constant(3), guardValue(changed));
    }

    private static FunctionBodies bodies(String header, FactsCache cache) {
        InMemoryTree tree = InMemoryTree.ofTexts("t", Map.of("fs/x/a.c", SOURCE, "fs/x/mode.h", header));
        return new FunctionBodies(tree, KernelConfig.allEnabled(), cache.withOwnCounts());
    }

    private static Value guardValue(FunctionBodies bodies) {
        var call = bodies.of("fs/x/a.c", "start").orElseThrow().calls().get(0);
        return ((Condition.Compare) call.guards().get(0).condition()).right();
    }

    /**
     * A search of the scope's text for a field's name finds each file that names it as a word, is kept under the
     * scope's content (the facts' hashes), and is no answer for a field the scope's own structures lack.
     */
    @Test
    void theFilesNamingAFieldAreFoundOnceForAScope(@TempDir Path root) throws Exception {
        FactsCache cache = FactsCache.open(root, "test-build");
        Map<String, String> files = Map.of(
                "fs/x/req.h", "struct inode;\nstruct req { struct inode *r_new; struct inode *r_newer; };\n",
                "fs/x/a.c", "#include \"req.h\"\nvoid f(struct req *r) { r->r_new = 0; }\n",
                "fs/x/b.c", "#include \"req.h\"\nvoid g(struct req *r) { r->r_newer = 0; }\n");
        List<FileFacts> scope = facts(files);
        InMemoryTree tree = InMemoryTree.ofTexts("t", files);
        FunctionBodies bodies = FunctionBodies.forScope(tree, KernelConfig.allEnabled(), cache, scope, List.of());
        assertEquals(Optional.of(List.of("fs/x/a.c", "fs/x/req.h")), bodies.mentioning("r_new"));
        assertEquals(Optional.empty(), bodies.mentioning("i_sb"));
        // A structure outside the scope with a field of that name: code the scan does not see may use it.
        FunctionBodies shared = FunctionBodies.forScope(tree, KernelConfig.allEnabled(), cache, scope,
                facts(Map.of("include/y.h", "struct inode;\nstruct y { struct inode *r_new; };\n")));
        assertEquals(Optional.empty(), shared.mentioning("r_new"));
        // Same facts, same answer, from the cache: the tree is not searched again (here it no longer agrees).
        InMemoryTree edited = InMemoryTree.ofTexts("t", Map.of("fs/x/req.h", files.get("fs/x/req.h"),
                "fs/x/a.c", "void f(void) { }\n", "fs/x/b.c", files.get("fs/x/b.c")));
        assertEquals(Optional.of(List.of("fs/x/a.c", "fs/x/req.h")), FunctionBodies.forScope(edited,
                KernelConfig.allEnabled(), cache, scope, List.of()).mentioning("r_new"));
        assertEquals(Optional.of(List.of("fs/x/req.h")), FunctionBodies.forScope(edited,
                KernelConfig.allEnabled(), cache, facts(Map.of("fs/x/req.h", files.get("fs/x/req.h"),
                        "fs/x/a.c", "void f(void) { }\n", "fs/x/b.c", files.get("fs/x/b.c"))), List.of())
                .mentioning("r_new"));
    }

    /**
     * After a patch, the base scan's search for a field's name stands for every file the patch left as it was:
     * only the files it changed or added are searched, and the files it removed drop out.
     */
    @Test
    void aSearchAfterAPatchSearchesOnlyTheFilesItChanged(@TempDir Path root) throws Exception {
        FactsCache cache = FactsCache.open(root, "test-build");
        String header = "struct inode;\nstruct req { struct inode *r_new; };\n";
        Map<String, String> files = Map.of(
                "fs/x/req.h", header,
                "fs/x/a.c", "#include \"req.h\"\nvoid f(struct req *r) { r->r_new = 0; }\n",
                "fs/x/b.c", "#include \"req.h\"\nvoid g(struct req *r) { }\n",
                "fs/x/c.c", "#include \"req.h\"\nvoid h(struct req *r) { r->r_new = 0; }\n");
        List<FileFacts> base = facts(files);
        assertEquals(Optional.of(List.of("fs/x/a.c", "fs/x/c.c", "fs/x/req.h")), FunctionBodies.forScope(
                InMemoryTree.ofTexts("t", files), KernelConfig.allEnabled(), cache, base, List.of())
                .mentioning("r_new"));
        // The patch: b.c names the field now, c.c is removed. The tree's other files no longer say what their
        // facts do, so an answer from searching them would show.
        String patchedB = "#include \"req.h\"\nvoid g(struct req *r) { r->r_new = 0; }\n";
        List<FileFacts> patched = facts(Map.of("fs/x/req.h", header, "fs/x/a.c", files.get("fs/x/a.c"),
                "fs/x/b.c", patchedB));
        InMemoryTree lying = InMemoryTree.ofTexts("t", Map.of("fs/x/req.h", "struct req;\n", "fs/x/a.c", "\n",
                "fs/x/b.c", patchedB));
        assertEquals(Optional.of(List.of("fs/x/a.c", "fs/x/b.c", "fs/x/req.h")), FunctionBodies.forScope(lying,
                KernelConfig.allEnabled(), cache, patched, List.of(), base).mentioning("r_new"));
        // Without the base's scope, every file is searched.
        assertEquals(Optional.of(List.of("fs/x/b.c")), FunctionBodies.forScope(lying, KernelConfig.allEnabled(),
                FactsCache.open(root.resolve("other"), "test-build"), patched, List.of(), null)
                .mentioning("r_new"));
    }

    private static List<FileFacts> facts(Map<String, String> files) throws Exception {
        KernelParser parser = new KernelParser(KernelConfig.allEnabled());
        List<FileFacts> out = new java.util.ArrayList<>();
        for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
            out.add(parser.parse(new SourceFile(file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }
}

package dev.kreach.analyzer.body;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.cache.FactsCache;
import dev.kreach.analyzer.facts.Condition;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.source.InMemoryTree;
import java.nio.file.Path;
import java.util.Map;
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
}

package dev.kreach.analyzer.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.facts.Condition;
import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.KernelParser;
import dev.kreach.analyzer.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached bodies are the parser's bodies exactly, with the headers they were read with; damage is a miss. */
class BodiesCodecTest {
    /** Every kind of value and condition the extractor makes: parameters, locals, globals, constants, results. */
    private static final String SOURCE = """
            struct ops { void (*run)(struct task *); };
            struct task { const struct ops *ops; int flags; };
            static const struct ops write_ops = { .run = 0 };
            struct task *lookup_task(int id);
            static int ready(int flags) { return flags & 4; }
            void start(struct task *t, int mode, const char *name)
            {
            	struct task *found = lookup_task(mode);
            	struct task local = { .ops = &write_ops };
            	t->ops = &write_ops;
            	found->flags = -mode;
            	if (mode == 2 && !ready(t->flags) || (mode & 1))
            		t->ops->run(t);
            	while (name)
            		found->ops->run(found);
            	if (!t)
            		return;
            	start(&local, 3, "« x »");
            }
            """;

    @Test
    void bodiesRoundTripAndDamageIsAMiss(@TempDir Path root) throws Exception {
        FileBodies bodies = new KernelParser(KernelConfig.allEnabled())
                .bodies(new SourceFile("fs/demo/demo.c", SOURCE.getBytes(StandardCharsets.UTF_8)));
        // The fixture must exercise what the codec writes, or the round trip proves little.
        var start = bodies.functions().get("start");
        assertTrue(start.stores().stream().anyMatch(s -> s.value() instanceof Value.Result), start.toString());
        assertTrue(start.calls().stream().anyMatch(c -> c.guards().stream()
                .anyMatch(g -> g.condition() instanceof Condition.Or)), start.toString());
        assertTrue(bodies.fileScope().stores().size() > 0);
        assertTrue(start.fieldUses().stream().map(u -> u.kind()).distinct().count() >= 3, start.fieldUses().toString());
        assertTrue(start.fieldUses().stream().anyMatch(u -> u.through() && u.argument() < 0), start.toString());

        FactsCache cache = FactsCache.open(root, "test-build");
        BodiesCodec.Entry entry = new BodiesCodec.Entry(bodies, Map.of("fs/demo/demo.h", "abc", "fs/demo/gone.h", "-"));
        cache.put("k", entry, BodiesCodec.CODEC);
        assertEquals(Optional.of(entry), cache.get("k", BodiesCodec.CODEC));
        // A facts reader does not take a bodies entry for facts, and a truncated entry is a miss.
        assertEquals(Optional.empty(), cache.get("k"));
        Path file;
        try (Stream<Path> files = Files.walk(root)) {
            file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertEquals(Optional.empty(), cache.get("k", BodiesCodec.CODEC));
    }
}

package dev.kreach.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A body runs in source order only when nothing in it can send control back to code it passed (a loop, a goto up,
 * a construct the parser could not read) and no local outlives the run (a {@code static} one); each call knows where
 * it ends, its arguments included.
 */
class StraightLineBodyTest {
    private static final String SOURCE = """
            struct lock { int n; };
            struct list_head { struct list_head *next; };
            void take(struct lock *l);
            void give(struct lock *l);
            void straight(struct lock *l, int err)
            {
            	take(l);
            	if (err)
            		goto out;
            	give(l);
            out:
            	return;
            }
            void counted(struct lock *l, int n)
            {
            	int i;
            	for (i = 0; i < n; i++)
            		take(l);
            }
            void waiting(struct lock *l)
            {
            	while (l->n)
            		take(l);
            }
            void once(struct lock *l)
            {
            	do {
            		take(l);
            	} while (0);
            }
            void again(struct lock *l)
            {
            retry:
            	take(l);
            	if (l->n)
            		goto retry;
            }
            void kept(void)
            {
            	static struct lock saved;
            	take(&saved);
            }
            void walked(struct list_head *head)
            {
            	struct list_head *pos;
            	list_for_each(pos, head)
            		take(0);
            }
            """;

    @Test
    void onlyBodiesWithNoWayBackRunInSourceOrder() throws Exception {
        FileBodies bodies = new KernelParser(KernelConfig.allEnabled())
                .bodies(new SourceFile("fs/demo/lock.c", SOURCE.getBytes(StandardCharsets.UTF_8)));
        Map<String, Boolean> straight = new TreeMap<>();
        bodies.functions().forEach((name, body) -> straight.put(name, body.straightLine()));
        assertEquals(Map.of("straight", true, "counted", false, "waiting", false, "once", false, "again", false,
                "kept", false, "walked", false), straight);
    }

    @Test
    void aCallEndsPastItsClosingParenthesis() throws Exception {
        FileBodies bodies = new KernelParser(KernelConfig.allEnabled())
                .bodies(new SourceFile("fs/demo/lock.c", SOURCE.getBytes(StandardCharsets.UTF_8)));
        var take = bodies.functions().get("straight").calls().get(0);
        assertEquals(new Position("fs/demo/lock.c", 7, 2), take.site());
        assertEquals(new Position("fs/demo/lock.c", 7, 9), take.end());
    }
}

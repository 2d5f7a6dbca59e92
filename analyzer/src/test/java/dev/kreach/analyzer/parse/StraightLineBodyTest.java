package dev.kreach.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.facts.Jump;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A body runs in source order only when nothing in it can send control back to code it passed (a loop, though not a
 * macro's {@code do { ... } while (0)}, a goto up, a construct the parser could not read) and no local outlives the run (a {@code static} one); each call knows where
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
            void repeated(struct lock *l)
            {
            	do {
            		take(l);
            	} while (l->n);
            }
            void dispatch(struct lock *l, int op)
            {
            	switch (op) {
            	case 1:
            		take(l);
            		break;
            	default:
            		goto out;
            	}
            	give(l);
            out:
            	return;
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
        assertEquals(Map.of("straight", true, "counted", false, "waiting", false, "once", true, "repeated", false,
                "dispatch", true, "again", false, "kept", false, "walked", false), straight);
    }

    @Test
    void eachJumpKnowsWhereItLandsAndEachCaseWhereItsSwitchStarts() throws Exception {
        FileBodies bodies = new KernelParser(KernelConfig.allEnabled())
                .bodies(new SourceFile("fs/demo/lock.c", SOURCE.getBytes(StandardCharsets.UTF_8)));
        List<String> jumps = bodies.functions().get("dispatch").jumps().stream()
                .map(j -> j.kind() + "@" + j.site().line() + (j.other() == null ? "" : "->" + j.other().line() + ":"
                        + j.other().column()) + (j.guards().isEmpty() ? "" : " if " + j.guards().size()))
                .toList();
        // The switch starts at line 39, column 2; the break lands just past its closing brace (line 45, column 2);
        // the goto on its label (line 47).
        assertEquals(List.of("CASE@40->39:2", "BREAK@42->45:3", "CASE@43->39:2", "GOTO@44->47:1", "LABEL@47"), jumps);
        assertTrue(bodies.functions().get("again").jumps().stream().anyMatch(Jump::back));
        assertFalse(bodies.functions().get("straight").jumps().stream().anyMatch(Jump::back));
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

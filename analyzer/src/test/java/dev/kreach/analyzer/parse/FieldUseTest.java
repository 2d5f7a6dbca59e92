package dev.kreach.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.facts.FieldUse;
import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every place a body names a field is a {@link FieldUse}, with what is done there: a reader that accounts for each
 * use of a field (is it ever copied somewhere?) must not miss one, nor take a copy for a test.
 */
class FieldUseTest {
    private static final String SOURCE = """
            struct inode { int i_mode; };
            struct req { struct inode *slot; struct inode *other[2]; int op; };
            struct inode *xchg(struct inode **p, struct inode *v);
            void iput(struct inode *inode);
            void keep(struct inode *inode);
            struct inode *kept;
            struct req global = { .slot = 0 };
            struct inode *uses(struct req *r, struct inode *in)
            {
            	struct inode *copy;

            	r->slot = in;
            	if (r->slot && !r->slot)
            		iput(r->slot);
            	in = xchg(&r->slot, 0);
            	r->slot->i_mode = 1;
            	copy = r->slot;
            	kept = r->op ? r->slot : 0;
            	keep((struct inode *)(r->slot));
            	r->other[1] = in;
            	(void)sizeof(r->slot);
            	if (r->slot->i_mode & 1)
            		return r->slot;
            	return 0;
            }
            """;

    @Test
    void eachNamingOfAFieldSaysWhatIsDoneThere() throws Exception {
        FileBodies bodies = new KernelParser(KernelConfig.allEnabled())
                .bodies(new SourceFile("fs/demo/req.c", SOURCE.getBytes(StandardCharsets.UTF_8)));
        List<String> uses = bodies.functions().get("uses").fieldUses().stream().map(FieldUseTest::text).toList();
        assertEquals(List.of(
                "slot STORE 12:2",
                "slot TEST 13:6", "slot TEST 13:17",
                "slot ARGUMENT 14:3 #0",
                "slot ARGUMENT 15:7 #0",
                "i_mode STORE 16:2", "slot STORE 16:2 through",
                "slot OTHER 17:2",
                "op TEST 18:9", "slot OTHER 18:2",
                "slot ARGUMENT 19:2 #0",
                "other STORE 20:2",
                "slot TEST 21:8",
                // A member read through the field is only tested; the member's own value goes into arithmetic.
                "i_mode OTHER 22:6", "slot TEST 22:6 through",
                "slot OTHER 23:3"), uses);
        assertEquals(List.of("slot STORE 7:23"),
                bodies.fileScope().fieldUses().stream().map(FieldUseTest::text).toList());
    }

    private static String text(FieldUse use) {
        return use.field() + " " + use.kind() + " " + use.site().line() + ":" + use.site().column()
                + (use.argument() >= 0 ? " #" + use.argument() : "") + (use.through() ? " through" : "");
    }
}

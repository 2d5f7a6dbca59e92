package dev.kreach.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleRegistryTest {

    @Test
    void builtInRulesCarryTheirMetadata() {
        RuleRegistry registry = RuleRegistry.builtIn();
        assertEquals(List.of("kreach/iput-in-writeback", "kreach/iput-in-messenger"),
                registry.all().stream().map(RuleMetadata::id).toList());
        RuleMetadata writeback = registry.find("kreach/iput-in-writeback").orElseThrow();
        assertEquals("IputInWriteback", writeback.name());
        assertEquals("iput() may drop the last inode reference in writeback context", writeback.message("iput"));
        assertEquals(Level.WARNING, writeback.level());
        assertEquals(Precision.HIGH, writeback.precision());
        assertTrue(writeback.tags().contains("deadlock"));
        assertTrue(writeback.helpMarkdown().startsWith("# iput() in writeback context\n"));
        assertTrue(writeback.helpMarkdown().contains("`inode_wait_for_writeback()`"));
        // The text help is the Markdown undone: no code spans, no emphasis, no heading marks.
        assertTrue(writeback.helpText().startsWith("iput() in writeback context\n"), writeback.helpText());
        assertFalse(writeback.helpText().contains("`") || writeback.helpText().contains("**"), writeback.helpText());
        assertTrue(registry.find("kreach/no-such-rule").isEmpty());
    }

    /** The help GitHub shows beside every alert says what a note means and the kernel's ways out of a warning. */
    @Test
    void eachBuiltInHelpExplainsTheVerdictsAndTheKernelsWaysOut() {
        for (RuleMetadata rule : RuleRegistry.builtIn().all()) {
            String help = rule.helpMarkdown();
            for (String part : List.of("**Last references**", "--min-level warning", "`btrfs_add_delayed_iput()`",
                    "`ceph_async_iput()`", "`iput_if_not_last()`", "`iput_not_last()`")) {
                assertTrue(help.contains(part), rule.id() + " help lacks " + part);
            }
        }
    }

    @Test
    void everyBuiltInClassIsAnnotatedAndIdsAreUnique() {
        for (Class<?> rule : RuleRegistry.BUILT_IN) {
            assertTrue(rule.isAnnotationPresent(KreachRule.class), rule.getName());
        }
        RuleRegistry registry = RuleRegistry.builtIn();
        RuleMetadata duplicate = registry.all().get(0);
        assertThrows(IllegalArgumentException.class, () -> registry.with(duplicate));
    }

    @Test
    void helpTextUndoesTheMarkdownTheHelpFilesUse() {
        assertEquals("Title\nSee the docs (https://example.org) for iput().\n- a bold point\n",
                HelpText.fromMarkdown("# Title\nSee [the docs](https://example.org) for `iput()`.\n- a **bold** point\n"));
    }
}

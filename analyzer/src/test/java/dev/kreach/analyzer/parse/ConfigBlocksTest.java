package dev.kreach.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.facts.ConfigBlock;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.kbuild.Configuration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CONFIG_ literals each line of a file lies under, in one configuration: A on, B off, M a module. Each case is
 * a line number and the literals a call on it would rest on.
 */
class ConfigBlocksTest {
    private static final Configuration CONFIG = symbol -> Map.of("CONFIG_A", "y", "CONFIG_M", "m",
            "CONFIG_NR", "64").getOrDefault(symbol, "");

    private static final String TEXT = String.join("\n",
            "void f(void) {",               // 1
            "#if defined(CONFIG_A) && defined(CONFIG_B)",
            "  both();",                    // 3
            "#else",
            "  not_both();",                // 5: the #else of A && B: A on, B off
            "#endif",
            "#ifdef CONFIG_B",
            "  b();",                       // 8
            "#elif IS_ENABLED(CONFIG_M)",
            "  m();",                       // 10: after #if B, an #elif on M: B off, M a module
            "#elif CONFIG_NR > 32",
            "  nr();",                      // 12
            "#else",
            "  none();",                    // 14
            "#endif",
            "#ifndef CONFIG_B",
            "#ifdef CONFIG_M_MODULE",
            "  nested();",                  // 18: inside both
            "#endif",
            "#if defined(__KERNEL__) || \\",
            "    defined(CONFIG_A)",
            "  continued();",               // 22: the condition spans two lines
            "#endif",
            "#endif",
            "#ifdef __KERNEL__",
            "  plain();",                   // 26: no CONFIG_ symbol, no literal
            "#endif",
            "}");

    private static List<String> at(int line) {
        List<ConfigBlock> blocks = ConfigBlocks.of(TEXT, CONFIG);
        return new FileFacts("f.c", 28, 0, "", List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(),
                List.of(), List.of(), blocks).configurationAt(line);
    }

    @Test
    void eachBranchRestsOnEveryConditionOfItsChainUpToItsOwn() {
        assertEquals(List.of("CONFIG_A", "!CONFIG_B"), at(3));
        assertEquals(List.of("CONFIG_A", "!CONFIG_B"), at(5));
        assertEquals(List.of("!CONFIG_B"), at(8));
        assertEquals(List.of("!CONFIG_B", "CONFIG_M=m"), at(10));
        assertEquals(List.of("!CONFIG_B", "CONFIG_M=m", "CONFIG_NR=\"64\""), at(12));
        assertEquals(List.of("!CONFIG_B", "CONFIG_M=m", "CONFIG_NR=\"64\""), at(14));
    }

    @Test
    void nestedBranchesAddUpAndModuleSymbolsFoldIntoTheirOption() {
        assertEquals(List.of("!CONFIG_B", "CONFIG_M=m"), at(18));
        assertEquals(List.of("!CONFIG_B", "CONFIG_A"), at(22));
    }

    @Test
    void linesOutsideConfigBranchesRestOnNothing() {
        assertEquals(List.of(), at(1));
        assertEquals(List.of(), at(26));
        assertEquals(List.of(), at(7));
    }
}

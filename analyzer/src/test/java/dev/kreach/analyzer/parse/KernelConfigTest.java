package dev.kreach.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kreach.analyzer.source.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelConfigTest {

    @TempDir
    Path tmp;

    @Test
    void allEnabledDefinesEveryMentionedSymbolButModuleVariants() {
        Map<String, String> symbols = KernelConfig.allEnabled().symbolsFor(
                "#ifdef CONFIG_DEBUG_FS\n#if IS_ENABLED(CONFIG_FS_ENCRYPTION)\n#ifdef CONFIG_CEPH_FS_MODULE\n"
                        + "int XCONFIG_NOT_A_SYMBOL; CONFIG_; /* CONFIG_DEBUG_FS again */\n");
        assertEquals(Map.of("CONFIG_DEBUG_FS", "1", "CONFIG_FS_ENCRYPTION", "1"), symbols);
    }

    @Test
    void dotConfigFollowsAutoconf() throws IOException {
        Path file = tmp.resolve(".config");
        Files.writeString(file, "# comment\nCONFIG_DEBUG_FS=y\nCONFIG_CEPH_FS=m\n# CONFIG_CEPH_FS_SECURITY_LABEL is not set\n"
                + "CONFIG_NR_CPUS=64\nCONFIG_LOCALVERSION=\"-kreach\"\nCONFIG_OLD=n\n\n");
        Map<String, String> symbols = KernelConfig.fromDotConfig(file).symbolsFor("");
        assertEquals(Map.of("CONFIG_DEBUG_FS", "1", "CONFIG_CEPH_FS_MODULE", "1", "CONFIG_NR_CPUS", "64",
                "CONFIG_LOCALVERSION", "\"-kreach\""), symbols);
    }

    @Test
    void badDotConfigNamesFileAndLine() throws IOException {
        Path file = tmp.resolve(".config");
        Files.writeString(file, "CONFIG_A=y\nCONFIG_B y\n");
        BadInputException e = assertThrows(BadInputException.class, () -> KernelConfig.fromDotConfig(file));
        assertEquals(file + ":2: not a kernel .config line: CONFIG_B y", e.getMessage());
        Path empty = tmp.resolve("empty.config");
        Files.writeString(empty, "# nothing\n");
        assertEquals(empty + ": no CONFIG_ symbols set; is this a kernel .config?",
                assertThrows(BadInputException.class, () -> KernelConfig.fromDotConfig(empty)).getMessage());
        Path missing = tmp.resolve("missing.config");
        assertEquals("cannot read config " + missing + ": no such file or directory",
                assertThrows(BadInputException.class, () -> KernelConfig.fromDotConfig(missing)).getMessage());
    }
}

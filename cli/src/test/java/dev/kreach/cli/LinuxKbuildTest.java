package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.build.CompilationDatabase;
import dev.kreach.analyzer.build.CompileCommand;
import dev.kreach.analyzer.kbuild.DefaultConfiguration;
import dev.kreach.analyzer.kbuild.KbuildWalker;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kreach's reading of kbuild against kbuild itself, on Linux 6.12.117 fs/ceph and net/ceph: the files kreach says a
 * configuration compiles are the files the real build compiled (bench/kbuild.sh, defconfig plus Ceph), and with no
 * configuration they are the ones {@code make allyesconfig} would compile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxKbuildTest {
    private SourceTree tree;

    @BeforeAll
    void build() {
        KernelBuild.ensure();
        tree = SourceTree.open(KernelBuild.SOURCE, Scope.CEPH);
    }

    private Set<String> kreachList(dev.kreach.analyzer.kbuild.Configuration config) {
        // The walker also lists the files of the directories on the way (fs/*.c); the scope is what is compared.
        return KbuildWalker.evaluate(tree, "x86", config, Scope.CEPH).files().keySet().stream()
                .filter(Scope.CEPH::contains).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aDotConfigGivesTheFilesTheBuildCompiled() {
        Set<String> compiled = new TreeSet<>();
        for (CompileCommand c : CompilationDatabase.read(KernelBuild.OBJ.resolve("compile_commands.json"))) {
            String path = KernelBuild.SOURCE.relativize(c.file().toAbsolutePath().normalize()).toString();
            if (Scope.CEPH.contains(path)) {
                compiled.add(path);
            }
        }
        assertEquals(49, compiled.size(), compiled.toString());
        assertEquals(compiled, kreachList(KernelConfig.fromDotConfig(KernelBuild.OBJ.resolve(".config"))));
    }

    /** {@code make allyesconfig} in a scratch output directory (the source tree is read-only) gives kbuild's own. */
    @Test
    void theDefaultConfigurationCompilesWhatAllyesconfigWould(@TempDir Path out) throws Exception {
        Process make = new ProcessBuilder("make", "-s", "-C", KernelBuild.SOURCE.toString(), "O=" + out, "ARCH=x86",
                "allyesconfig").redirectErrorStream(true).start();
        String log = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(make.waitFor(5, TimeUnit.MINUTES) && make.exitValue() == 0, log);
        Set<String> allyes = kreachList(KernelConfig.fromDotConfig(out.resolve(".config")));
        DefaultConfiguration defaults = DefaultConfiguration.of(tree, "x86").orElseThrow();
        assertEquals(allyes, kreachList(defaults));
        // Every .c file of the two directories is then compiled, crypto.c (CONFIG_FS_ENCRYPTION) included.
        Set<String> all;
        try (var walk = Files.walk(KernelBuild.SOURCE.resolve("fs/ceph"))) {
            all = walk.map(p -> KernelBuild.SOURCE.relativize(p).toString()).filter(p -> p.endsWith(".c"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertTrue(allyes.containsAll(all), all + " vs " + allyes);
        assertTrue(defaults.settled() && defaults.notes().isEmpty(), defaults.passes() + " passes, " + defaults.notes());
        assertEquals("y", defaults.value("CONFIG_64BIT"));
        assertEquals("", defaults.value("CONFIG_X86_32"));
    }

    @Test
    void kbuildOfTheScopeReadsOnlyTheMakefilesOnTheWay() {
        dev.kreach.analyzer.kbuild.KernelBuild kernel = KbuildWalker.evaluate(tree, "x86", KernelConfig.fromDotConfig(
                KernelBuild.OBJ.resolve(".config")), Scope.CEPH);
        // Kbuild, arch/x86/Makefile, fs/, fs/ceph/, net/, net/ceph/ and what they include.
        assertTrue(kernel.makefiles() < 12, kernel.makefiles() + " Makefiles read");
        assertEquals("CONFIG_CEPH_LIB && CONFIG_NET", kernel.conditionOf("net/ceph/messenger.c").toString());
    }
}

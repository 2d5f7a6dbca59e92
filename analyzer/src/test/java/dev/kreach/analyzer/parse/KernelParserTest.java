package dev.kreach.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.Callee;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.FunctionFact;
import dev.kreach.analyzer.facts.ProblemFact;
import dev.kreach.analyzer.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parse loss is never silent, and configuration picks the branches the kernel would. */
class KernelParserTest {

    private static FileFacts parse(KernelConfig config, String c) throws UnparsableFileException {
        return new KernelParser(config).parse(new SourceFile("fs/x/t.c", c.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> callees(FileFacts facts) {
        return facts.calls().stream().map(CallFact::callee).filter(c -> c instanceof Callee.Named)
                .map(c -> ((Callee.Named) c).name()).toList();
    }

    @Test
    void problemsAreChargedToTheirFunctionOrToFileScope() throws UnparsableFileException {
        FileFacts facts = parse(KernelConfig.allEnabled(), """
                static void broken(int a)
                {
                	a = (a +;
                	iput(a);
                }
                static void fine(void)
                {
                	iput(0);
                }
                int x = ;
                """);
        FunctionFact broken = facts.functions().stream().filter(f -> f.name().equals("broken")).findFirst().orElseThrow();
        FunctionFact fine = facts.functions().stream().filter(f -> f.name().equals("fine")).findFirst().orElseThrow();
        assertEquals(1, broken.problems());
        assertFalse(broken.clean());
        assertTrue(fine.clean());
        List<ProblemFact> problems = facts.problems();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("broken", problems.get(0).function());
        assertEquals(3, problems.get(0).where().line());
        assertEquals(null, problems.get(1).function());
        assertEquals(10, problems.get(1).where().line());
        assertFalse(problems.get(0).cause().isBlank());
    }

    @Test
    void allEnabledTakesConfigBranchesAndDotConfigFollowsIt(@TempDir Path tmp) throws Exception {
        String c = """
                void f(void)
                {
                #ifdef CONFIG_CEPH_FSCACHE
                	fscache_on();
                #else
                	fscache_off();
                #endif
                	if (IS_ENABLED(CONFIG_CEPH_FS))
                		module_or_builtin();
                #if IS_BUILTIN(CONFIG_CEPH_FS)
                	builtin_only();
                #endif
                #ifndef CONFIG_DEBUG_FS
                	no_debugfs();
                #endif
                }
                """;
        assertEquals(List.of("fscache_on", "module_or_builtin", "builtin_only"), callees(parse(KernelConfig.allEnabled(), c)));
        Path config = tmp.resolve(".config");
        Files.writeString(config, "CONFIG_CEPH_FS=m\n# CONFIG_CEPH_FSCACHE is not set\n");
        assertEquals(List.of("fscache_off", "module_or_builtin", "no_debugfs"),
                callees(parse(KernelConfig.fromDotConfig(config), c)));
    }

    @Test
    void typeTakingMacrosKeepTheCallsAfterThem() throws IOException, UnparsableFileException {
        FileFacts facts = parse(KernelConfig.allEnabled(), """
                static void handle_caps(struct list_head *to_remove, struct inode *inode)
                {
                	struct ceph_cap_flush *cf = list_first_entry(to_remove, struct ceph_cap_flush, i_list);
                	u32 n = min_t(u32, cf->len, 4);
                	list_for_each_entry(cf, to_remove, i_list) {
                		kfree(cf);
                	}
                	iput(inode);
                }
                """);
        assertEquals(List.of(), facts.problems());
        assertEquals(List.of("kfree", "iput"), callees(facts));
    }
}

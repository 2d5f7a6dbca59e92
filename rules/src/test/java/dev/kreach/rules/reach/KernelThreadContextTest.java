package dev.kreach.rules.reach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.CallGraphBuilder;
import dev.kreach.analyzer.model.KernelModels;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.KernelParser;
import dev.kreach.analyzer.source.SourceFile;
import dev.kreach.rules.pack.ContextEntry;
import dev.kreach.rules.pack.ReferenceCalls;
import dev.kreach.rules.pack.RuleSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A kernel thread has no user address space: a chain from a thread: context does not go on through the models'
 * user-memory functions (pinning the calling task's pages, which would fault them in from a swap file), while the
 * same function named as a plain function: context, which may run in a task, does.
 */
class KernelThreadContextTest {
    private static final Map<String, String> TREE = new LinkedHashMap<>();

    static {
        TREE.put("fs/net/recv.c", "int pin_user_pages_fast(unsigned long start, int nr, unsigned int flags, "
                + "void **pages);\nvoid iput(void *inode);\n"
                + "static int decrypt(unsigned long user_buffer)\n{\n"
                + "\treturn pin_user_pages_fast(user_buffer, 1, 0, 0);\n}\n"
                + "int net_recv_thread(void *data)\n{\n\treturn decrypt(0);\n}\n"
                + "void net_swap_in(void)\n{\n\tiput(0);\n}\n");
        TREE.put("mm/gup.c", "void net_swap_in(void);\n"
                + "int pin_user_pages_fast(unsigned long start, int nr, unsigned int flags, void **pages)\n{\n"
                + "\tnet_swap_in();\n\treturn 0;\n}\n");
    }

    private static List<Finding> findings(ContextEntry context) throws Exception {
        KernelParser parser = new KernelParser(KernelConfig.allEnabled());
        List<FileFacts> units = new ArrayList<>();
        for (Map.Entry<String, String> file : TREE.entrySet()) {
            units.add(parser.parse(new SourceFile(file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8))));
        }
        CallGraph graph = new CallGraphBuilder(KernelModels.bundled()).build(units, List.of());
        RuleSpec rule = new RuleSpec("test/iput", List.of("iput"), List.of(context), List.of(), ReferenceCalls.NONE,
                List.of("test"));
        return new ContextReachability(graph).check(rule);
    }

    @Test
    void aKernelThreadDoesNotFaultInUserMemory() throws Exception {
        assertEquals(List.of(), findings(new ContextEntry.Thread("net_recv_thread")));
    }

    @Test
    void aFunctionThatMayRunInATaskDoes() throws Exception {
        List<Finding> found = findings(new ContextEntry.Function("net_recv_thread"));
        assertEquals(1, found.size(), found.toString());
        assertEquals(List.of("net_recv_thread", "decrypt", "pin_user_pages_fast", "net_swap_in"),
                found.get(0).chain().stream().map(h -> h.function().name()).toList());
    }
}

package dev.kreach.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.Callee;
import dev.kreach.analyzer.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Identical calls in one function are told apart by the lines around them, not by their line numbers. */
class StatementAnchorTest {
    private static final String BODY = """
            	if (a) {
            		iput(inode);
            		return;
            	}
            	g();
            	iput(inode);
            out:
            	h();
            }
            """;

    private static List<Integer> putAnchors(String text) throws UnparsableFileException {
        List<CallFact> calls = new KernelParser(KernelConfig.allEnabled())
                .parse(new SourceFile("fs/x/a.c", text.getBytes(StandardCharsets.UTF_8))).calls();
        return calls.stream().filter(c -> c.callee() instanceof Callee.Named n && n.name().equals("iput"))
                .map(CallFact::anchor).toList();
    }

    @Test
    void identicalCallsGetAnchorsThatEditsElsewhereLeave() throws UnparsableFileException {
        String head = "void f(struct inode *inode, int a, int b)\n{\n";
        List<Integer> original = putAnchors(head + BODY);
        assertEquals(2, original.size());
        assertNotEquals(original.get(0), original.get(1), "two identical puts, told apart");

        List<Integer> statementAbove = putAnchors(head + "\tx();\n\n\n" + BODY);
        assertEquals(original, statementAbove, "a statement added above both, and blank lines, move nothing");

        List<Integer> newPutAbove = putAnchors(head + "\tif (b) {\n\t\tiput(inode);\n\t\tgoto out;\n\t}\n" + BODY);
        assertEquals(3, newPutAbove.size());
        assertEquals(original, newPutAbove.subList(1, 3), "an identical put added above leaves the old ones");
        assertNotEquals(original.get(0), newPutAbove.get(0));

        List<Integer> reindented = putAnchors(head + BODY.replace("\t", "        "));
        assertEquals(original, reindented, "whitespace is not part of it");

        List<Integer> neighbourChanged = putAnchors(head + BODY.replace("\tg();", "\tg(a);"));
        assertEquals(original.get(0), neighbourChanged.get(0));
        assertNotEquals(original.get(1), neighbourChanged.get(1), "the line just before it is part of it");
    }
}

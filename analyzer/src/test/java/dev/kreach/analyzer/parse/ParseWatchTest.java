package dev.kreach.analyzer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParseWatchTest {
    private static SourceFile file(String path, String text) {
        return new SourceFile(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code A40} expands to 2^40 tokens inside the preprocessor, where CDT checks nothing. */
    private static SourceFile macroBomb() {
        StringBuilder text = new StringBuilder("#define A0 x\n");
        for (int i = 1; i <= 40; i++) {
            text.append("#define A").append(i).append(" A").append(i - 1).append(" A").append(i - 1).append('\n');
        }
        return file("fs/x/bomb.c", text.append("int bomb(void) { return A40; }\n").toString());
    }

    /** Many small functions: a parse long enough to be caught running, short enough for a test. */
    private static SourceFile ordinary(int functions) {
        StringBuilder text = new StringBuilder("struct s { int (*op)(int); };\n");
        for (int i = 0; i < functions; i++) {
            text.append("static int f").append(i).append("(struct s *p, int a) { if (a > ").append(i)
                    .append(") return p->op(a - 1) + f").append(Math.max(0, i - 1)).append("(p, a); return 0; }\n");
        }
        return file("fs/x/ordinary.c", text.toString());
    }

    @Test
    void aMacroThatExpandsWithoutBoundIsStoppedByTheAllocationBudget() {
        KernelParser parser = new KernelParser(KernelConfig.allEnabled(),
                new ParseBudget(Duration.ofSeconds(600), 128L << 20));
        UnparsableFileException stopped = assertThrows(UnparsableFileException.class, () -> parser.parse(macroBomb()));
        assertEquals("fs/x/bomb.c: over the parse budget: more than 128 MiB allocated (a macro that expands without "
                + "bound?)", stopped.getMessage());
    }

    @Test
    void aParseThatRunsPastItsTimeIsStoppedBetweenTokens() {
        KernelParser parser = new KernelParser(KernelConfig.allEnabled(),
                new ParseBudget(Duration.ofMillis(100), 1L << 40));
        UnparsableFileException stopped = assertThrows(UnparsableFileException.class,
                () -> parser.parse(ordinary(200_000)));
        assertEquals("fs/x/ordinary.c: over the parse budget: still parsing after 0.1 s", stopped.getMessage());
    }

    /**
     * The brake stops every thread's next token, so files parsed while it is on are parsed again: their facts are
     * exactly those of a parse on a quiet machine.
     */
    @Test
    void filesParsedWhileAnotherIsStoppedComeOutWhole() throws Exception {
        SourceFile ordinary = ordinary(3000);
        FileFacts quiet = new KernelParser(KernelConfig.allEnabled()).parse(ordinary);
        KernelParser budgeted = new KernelParser(KernelConfig.allEnabled(),
                new ParseBudget(Duration.ofSeconds(600), 256L << 20));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            AtomicBoolean bombing = new AtomicBoolean(true);
            Future<?> bomb = pool.submit(() -> {
                try {
                    assertThrows(UnparsableFileException.class, () -> budgeted.parse(macroBomb()));
                } finally {
                    bombing.set(false);
                }
            });
            List<Future<List<FileFacts>>> beside = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                beside.add(pool.submit(() -> {
                    List<FileFacts> out = new ArrayList<>();
                    while (bombing.get() || out.isEmpty()) {
                        out.add(budgeted.parse(ordinary));
                    }
                    return out;
                }));
            }
            bomb.get();
            for (Future<List<FileFacts>> results : beside) {
                for (FileFacts facts : results.get()) {
                    assertEquals(quiet, facts);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

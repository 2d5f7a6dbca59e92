package dev.kreach.cli;

import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The run the {@code kreach} script records its JVM class cache from: the bundled demo tree, copied to a temporary
 * directory, scanned (which saves its analysis), then a one-line patch to it checked against that saved analysis, in
 * one JVM, so that the cache holds the classes and profiles of both a scan and the check a pre-submit hook runs
 * (a cache recorded from a scan alone left the check of a Ceph patch 0.1–0.2 s of class loading and linking).
 * Hidden: it is the script's, not a user's; it writes nothing outside its temporary directory.
 */
@Command(name = "train", hidden = true,
        description = "Runs a scan and a check-patch of the bundled demo tree (for the launcher's class cache).")
final class TrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** A .c file of the demo tree the patch changes, and the line it adds a statement after. */
    private static final String PATCHED = "fs/ceph/caps.c";

    @Override
    public Integer call() throws IOException {
        Path work = Files.createTempDirectory("kreach-train");
        try {
            Path tree = work.resolve("tree");
            SourceTree demo = dev.kreach.analyzer.source.ResourceTree.load(TreeOptions.DEMO_ROOT, "bundled demo tree");
            for (String path : demo.files(new Scope(List.of(".")), "")) {
                Path file = tree.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, demo.read(path).bytes());
            }
            Path patch = work.resolve("train.patch");
            Files.writeString(patch, patch(Files.readAllLines(tree.resolve(PATCHED), StandardCharsets.UTF_8)));
            String cache = work.resolve("cache").toString();
            String scan = run("scan", tree.toString(), "--cache", cache);
            String check = run("check-patch", tree.toString(), patch.toString(), "--cache", cache);
            // A check that did not take the saved analysis over trained nothing of what a later check runs.
            if (scan == null || check == null || !check.contains("of the base's rules standing")) {
                spec.commandLine().getErr().println("kreach: train: the demo check did not run against the demo "
                        + "scan's saved analysis" + (check == null ? "" : ": " + check.strip()));
                return ExitCodes.INTERNAL_ERROR;
            }
            return ExitCodes.OK;
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * One command, its report dropped (only the classes it loads and the methods it runs are wanted): what it wrote
     * to standard error, or null when it failed (an exit code other than 0 and 1, which says it found something).
     */
    private static String run(String... args) {
        CommandLine cl = KreachCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return exit == ExitCodes.OK || exit == ExitCodes.NEGATIVE ? err.toString() : null;
    }

    /** A patch adding a statement after the first line that opens a function body. */
    private static String patch(List<String> lines) {
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            if (lines.get(i).equals("{")) {
                at = i;
            }
        }
        if (at < 0) {
            throw new UncheckedIOException(new IOException(PATCHED + " of the demo tree has no function body"));
        }
        StringBuilder out = new StringBuilder();
        out.append("--- a/").append(PATCHED).append("\n+++ b/").append(PATCHED).append('\n');
        out.append("@@ -").append(at + 1).append(",1 +").append(at + 1).append(",2 @@\n");
        out.append(' ').append(lines.get(at)).append('\n');
        out.append("+\tmight_sleep();\n");
        return out.toString();
    }
}

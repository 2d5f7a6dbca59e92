package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kreach.analyzer.build.CheckJournal;
import dev.kreach.analyzer.build.CompileCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kreach-check as kbuild runs it: many at once (make -j), each appending one whole record; never failing the build.
 */
class KreachCheckScriptTest {
    private static final Path SCRIPT = Path.of("..", "kreach-check").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private Process start(Path journal, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("KREACH_JOURNAL", journal.toString());
        pb.environment().put("CC", "gcc");
        return pb.start();
    }

    @Test
    void parallelInvocationsEachLeaveOneWholeRecord() throws Exception {
        Path journal = tmp.resolve("kreach.journal");
        // Long command lines, like kbuild's (some 4 KB): larger than one pipe write, so interleaving would show.
        String flags = "-Wno-" + "x".repeat(4000);
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            running.add(start(journal, "-D__linux__", flags, "-DKBUILD_MODNAME=\"ceph\"", "-I./include",
                    "/src/fs/ceph/file" + i + ".c"));
        }
        for (Process p : running) {
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue());
        }
        CheckJournal.Contents contents = CheckJournal.read(journal);
        assertEquals(0, contents.incomplete());
        assertEquals(24, contents.commands().size());
        for (CompileCommand command : contents.commands()) {
            assertEquals(List.of("gcc", "-D__linux__", flags, "-DKBUILD_MODNAME=\"ceph\"", "-I./include",
                    command.file().toString()), command.arguments());
            assertEquals(tmp.toRealPath(), command.directory().toRealPath());
        }
    }

    @Test
    void anUnwritableJournalDoesNotFailTheBuild() throws Exception {
        Path journal = tmp.resolve("no/such/dir/kreach.journal");
        Process p = start(journal, "-D__linux__", "/src/fs/ceph/a.c");
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue());
        assertEquals("", new String(p.getInputStream().readAllBytes()), "nothing on the build's output");
        assertFalse(Files.exists(journal));
    }
}

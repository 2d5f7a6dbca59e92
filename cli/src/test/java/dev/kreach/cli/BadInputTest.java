package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one line naming the problem and exit code 2; a bad file inside a tree is reported and skipped. */
class BadInputTest {

    @TempDir
    Path tmp;

    private static void assertOneLineError(Cli cli, String expected) {
        assertEquals(ExitCodes.BAD_INPUT, cli.exit(), cli.err());
        String err = cli.errLines().strip();
        assertTrue(err.lines().findFirst().orElse("").startsWith("kreach: "), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "stack trace leaked: " + err);
        assertEquals("", cli.out());
    }

    @Test
    void missingPath() {
        Path missing = tmp.resolve("no-such-tree");
        Cli cli = Cli.run("stats", missing.toString());
        assertOneLineError(cli, "no such file or directory: " + missing);
        assertEquals(1, cli.err().strip().lines().count());
    }

    @Test
    void directoryThatIsNotAKernelTree() throws IOException {
        Files.writeString(tmp.resolve("hello.c"), "int main(void) { return 0; }\n");
        Cli cli = Cli.run("stats", tmp.toString());
        assertOneLineError(cli, tmp + ": not a kernel tree (expected a top-level Makefile and include/linux/)");
    }

    /** A kernel-shaped directory with one scoped C file, for the build-mode options. */
    private Path tinyTree() throws IOException {
        return DemoTrees.minimal(tmp.resolve("linux"), "void f(void) { }\n");
    }

    @Test
    void anArchitectureTheTreeHasNoDirectoryForIsRefused() throws IOException {
        Path tree = tinyTree();
        Files.createDirectories(tree.resolve("arch/x86"));
        assertOneLineError(Cli.run("scan", tree.toString(), "--arch", "mips", "--no-cache"),
                "--arch mips: " + tree + " has no arch/mips/ directory");
        assertOneLineError(Cli.run("stats", tree.toString(), "--arch", "../x86", "--no-cache"),
                "--arch ../x86: not an architecture name");
    }

    @Test
    void buildModeOptionsAreCheckedBeforeAnythingIsParsed() throws IOException {
        Path tree = tinyTree();
        Path db = tmp.resolve("compile_commands.json");
        assertOneLineError(Cli.run("scan", tree.toString(), "--compile-commands", db.toString()),
                "no such compilation database: " + db);
        Files.writeString(db, "[]");
        assertOneLineError(Cli.run("scan", tree.toString(), "--compile-commands", db.toString()),
                db + ": records no compilation (was the tree built with C=1 or C=2 CHECK=kreach-check, or the "
                        + "database written after the build?)");
        assertOneLineError(Cli.run("scan", tree.toString(), "--compile-commands", db.toString(), "--journal",
                db.toString()), "--compile-commands and --journal are two routes to the same thing: give one");
        assertOneLineError(Cli.run("scan", tree.toString(), "--compile-commands", db.toString(), "--fallback",
                "slow"), "--fallback slow: the only fallback is 'fast'");
        assertOneLineError(Cli.run("scan", tree.toString(), "--fallback", "fast"),
                "--fallback applies to build mode only (--compile-commands or --journal)");
        assertOneLineError(Cli.run("scan", tree.toString(), "--no-header-reuse"),
                "--no-header-reuse applies to build mode only (--compile-commands or --journal)");
        assertOneLineError(Cli.run("scan", db.toString(), "--compile-commands", db.toString()),
                "build mode needs TREE, the source directory the build compiled (" + db + " is not a directory)");
        Files.writeString(db, "[{\"directory\": \"/elsewhere\", \"file\": \"/elsewhere/x.c\", "
                + "\"arguments\": [\"gcc\", \"-c\", \"/elsewhere/x.c\"]}]");
        assertOneLineError(Cli.run("scan", tree.toString(), "--compile-commands", db.toString()),
                "none of its 1 files is under " + tree.toAbsolutePath().normalize() + " in scope fs/ceph net/ceph");
        Path journal = tmp.resolve("kreach.journal");
        Files.writeString(journal, "not a journal\n");
        assertOneLineError(Cli.run("scan", tree.toString(), "--journal", journal.toString()),
                journal + ":1: not a kreach-check journal line: not a journal");
    }

    @Test
    void corruptTarball() throws IOException {
        Path tarball = tmp.resolve("linux-6.12.tar.xz");
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        Files.write(tarball, junk);
        Cli cli = Cli.run("stats", tarball.toString());
        assertOneLineError(cli, "corrupt or unreadable tarball " + tarball);
    }

    @Test
    void truncatedTarball() throws IOException {
        Path whole = DemoTrees.tarXz(DemoTrees.copyTo(tmp.resolve("tree")), tmp.resolve("linux-6.12.tar.xz"));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = tmp.resolve("linux-6.12-truncated.tar.xz");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Cli cli = Cli.run("stats", truncated.toString());
        assertOneLineError(cli, "corrupt or unreadable tarball " + truncated);
    }

    @Test
    void tarballWithoutKernelSources() throws IOException {
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty.resolve("docs"));
        Files.writeString(empty.resolve("docs/README"), "nothing here");
        Path tarball = DemoTrees.tarXz(empty, tmp.resolve("not-linux.tar.xz"));
        Cli cli = Cli.run("stats", tarball.toString());
        assertOneLineError(cli, tarball + ": tarball holds no kernel sources");
    }

    @Test
    void fileThatIsNotATreeOrTarball() throws IOException {
        Path file = tmp.resolve("notes.txt");
        Files.writeString(file, "hello");
        Cli cli = Cli.run("stats", file.toString());
        assertOneLineError(cli, "not a directory or a kernel tarball");
    }

    @Test
    void binaryAndUnreadableCFilesAreReportedAndSkipped() throws IOException {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        Files.write(tree.resolve("fs/ceph/blob.c"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1});
        Files.createDirectories(tree.resolve("net/ceph/weird.c"));
        Cli cli = Cli.run("stats", tree.toString());
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        assertTrue(cli.err().contains("kreach: skipped fs/ceph/blob.c: binary file, not C source"), cli.err());
        assertTrue(cli.err().contains("kreach: skipped net/ceph/weird.c: unreadable: is a directory"), cli.err());
        assertTrue(cli.out().contains("skipped    2"), cli.out());
        // The rest of the scan went on: the demo's functions are all there.
        Cli path = Cli.run("path", tree.toString(), "--from", "ceph_con_workfn", "--to", "finish_netfs_read");
        assertEquals(ExitCodes.OK, path.exit(), path.err());
    }

    /**
     * FIFOs named like a source file, a header and a Makefile, and a link out of the tree, are each a named skip
     * (or a kbuild note): the scan neither hangs on them nor reads outside the tree. A link inside the tree is a
     * file like any other, in the directory and in its tarball alike.
     */
    @Test
    void fifosAndLinksInATreeAreNamedNotHungOn() throws Exception {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        Files.createDirectories(tree.resolve("lib"));
        Files.writeString(tree.resolve("lib/shared.c"), "void ceph_shared_helper(void) { }\n");
        Files.createSymbolicLink(tree.resolve("fs/ceph/shared.c"), Path.of("../../lib/shared.c"));
        Path tarball = DemoTrees.tarXz(tree, tmp.resolve("linux-links.tar.xz"));
        Cli fromDirectory = Cli.run("graph", tree.toString(), "--callers", "ceph_shared_helper");
        Cli fromTarball = Cli.run("graph", tarball.toString(), "--callers", "ceph_shared_helper");
        assertEquals(ExitCodes.OK, fromDirectory.exit(), fromDirectory.err());
        assertEquals(fromDirectory.out(), fromTarball.out());
        assertEquals(fromDirectory.err(), fromTarball.err());

        Files.writeString(tmp.resolve("secret.c"), "void secret_function(void) { }\n");
        Files.createSymbolicLink(tree.resolve("fs/ceph/out.c"), tmp.resolve("secret.c"));
        for (String fifo : List.of("fs/ceph/pipe.c", "fs/ceph/pipe.h", "fs/ceph/Makefile")) {
            Files.deleteIfExists(tree.resolve(fifo));
            Process mkfifo = new ProcessBuilder("mkfifo", tree.resolve(fifo).toString()).start();
            org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
        }
        Cli cli = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> Cli.run("stats", tree.toString(), "--no-cache", "--problems"));
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        String fifo = "not a regular file (a FIFO, socket or device), which kreach does not open";
        assertTrue(cli.err().contains("kreach: skipped fs/ceph/pipe.c: unreadable: " + fifo), cli.err());
        assertTrue(cli.err().contains("kreach: skipped fs/ceph/pipe.h: unreadable: " + fifo), cli.err());
        assertTrue(cli.err().contains("kreach: skipped fs/ceph/out.c: unreadable: a symbolic link to "
                + tmp.toRealPath().resolve("secret.c") + ", outside the tree"), cli.err());
        assertTrue(cli.out().contains("fs/ceph/Makefile:1: not readable: " + fifo + "; read as if absent"),
                cli.out());
        assertTrue(cli.out().contains("skipped    3"), cli.out());
        assertFalse(Cli.run("graph", tree.toString(), "--no-cache", "--callers", "secret_function").exit()
                == ExitCodes.OK);
    }

    /**
     * Under {@code LANG=C} the JDK cannot name a UTF-8 file name: that file is a named skip, and the rest of the
     * scan goes on (it once lost the whole scan to an InvalidPathException, exit 3).
     */
    @Test
    void aFileNameTheLocaleCannotRepresentIsANamedSkip() throws Exception {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        Files.writeString(tree.resolve("fs/ceph/caf\u00e9.c"), "void f(void) { }\n");
        ProcessBuilder builder = KreachProcess.builder(List.of(), java.util.Map.of("LC_ALL", "C", "LANG", "C"),
                "stats", tree.toString(), "--no-cache");
        builder.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        Process p = builder.start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        String err = Files.readString(tmp.resolve("err.txt"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(ExitCodes.OK, p.exitValue(), err);
        assertTrue(err.matches("(?s)kreach: skipped fs/ceph/caf[^/]*\\.c: its name cannot be represented in this "
                + "locale's character set \\(run with a UTF-8 locale, e\\.g\\. LANG=C\\.UTF-8\\)\n"), err);
        assertTrue(Files.readString(tmp.resolve("out.txt")).contains("skipped    1"));
    }

    /** A directory the scan cannot enter is named and skipped; the rest of the tree is scanned. */
    @Test
    void anUnreadableDirectoryIsANamedSkip() throws Exception {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        Path locked = tree.resolve("fs/ceph/locked");
        Files.createDirectories(locked);
        Files.writeString(locked.resolve("x.c"), "void x(void) { }\n");
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked),
                    "this test runs as a user who can read any directory (root): nothing to refuse");
            Cli cli = Cli.run("stats", tree.toString(), "--no-cache");
            assertEquals(ExitCodes.OK, cli.exit(), cli.err());
            assertTrue(cli.err().contains("kreach: skipped fs/ceph/locked/: cannot be listed: permission denied"),
                    cli.err());
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void unknownAndAmbiguousFunctions() {
        Cli unknown = Cli.run("graph", "--callees", "no_such_function");
        assertOneLineError(unknown, "no function 'no_such_function' in the call graph");
        Cli ambiguous = Cli.run("graph", "--callees", "handle_reply");
        assertOneLineError(ambiguous, "'handle_reply' is ambiguous: fs/ceph/mds_client.c:handle_reply, "
                + "net/ceph/osd_client.c:handle_reply");
    }

    @Test
    void badModelFileNamesFileAndLine() throws IOException {
        Path models = tmp.resolve("my-models.yaml");
        Files.writeString(models, "models:\n  - function: do_thing\n    calls:\n      - field: no_dot_here\n");
        Cli cli = Cli.run("stats", "--models", models.toString());
        assertOneLineError(cli, models + ":4: expected STRUCT.FIELD, got 'no_dot_here'");
    }

    @Test
    void badConfigNamesFileAndLine() throws IOException {
        Path config = tmp.resolve(".config");
        Files.writeString(config, "CONFIG_CEPH_FS=m\nthis is not config\n");
        Cli cli = Cli.run("stats", "--config", config.toString());
        assertOneLineError(cli, config + ":2: not a kernel .config line: this is not config");
    }

    /** What never ends or is far too large for its kind is refused in one line, before the heap runs out. */
    @Test
    void endlessOrOversizedInputsAreRefusedInOneLine() throws IOException {
        assertOneLineError(Cli.run("stats", "--config", "/dev/zero"),
                "config /dev/zero is larger than 16 MiB, more than any config kreach reads");
        assertOneLineError(Cli.run("stats", "--config", tmp.toString()),
                "cannot read config " + tmp + ": it is a directory");
        Path tree = DemoTrees.copyTo(tmp.resolve("linux"));
        assertOneLineError(Cli.run("check-patch", tree.toString(), "/dev/zero"),
                "patch /dev/zero is larger than 256 MiB, more than any patch kreach reads");
    }

    /** Inputs that once escaped as exit 3 or as a message without words. */
    @Test
    void oddInputsAreOneLineThatSaysWhatIsWrong() throws Exception {
        Path tree = tinyTree();
        Path deep = tmp.resolve("deep.json");
        Files.writeString(deep, "[".repeat(5000) + "]".repeat(5000));
        Cli nested = Cli.run("scan", tree.toString(), "--compile-commands", deep.toString());
        assertOneLineError(nested, deep + ": not a compilation database: Document nesting depth (1001) exceeds the "
                + "maximum allowed");
        Path journal = tmp.resolve("journal");
        Files.write(journal, new byte[] {'b', 'e', 'g', (byte) 0xff, '\n'});
        Cli latin = Cli.run("scan", tree.toString(), "--journal", journal.toString());
        assertFalse(latin.err().contains("Input length"), latin.err());
        assertTrue(latin.exit() == ExitCodes.BAD_INPUT, latin.err());
        Path fifo = tmp.resolve("pack.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
        assertOneLineError(Cli.run("scan", "--rules", fifo.toString()),
                "cannot read rule pack " + fifo + ": not a regular file (a FIFO, socket or device)");
        Path pack = tmp.resolve("latin1.yaml");
        Files.write(pack, new byte[] {'#', ' ', (byte) 0xe9, '\n'});
        assertOneLineError(Cli.run("scan", "--rules", pack.toString()), pack + ":1: not UTF-8 text (byte 3)");
        assertOneLineError(Cli.run("stats", tree.toString(), "--scope", "../etc"),
                "--scope ../etc: must name a path inside the tree, relative to its top (e.g. fs/ext4), without \"..\"");
        assertOneLineError(Cli.run("stats", tree.toString(), "--scope", "/etc"),
                "--scope /etc: must name a path inside the tree");
        assertOneLineError(Cli.run("check-patch", tree.toString(), "-"),
                "cannot read patch -: no such file or directory");
    }

    /** A zero from a rule that had nowhere to start is said to be one, rule by rule, and is not counted as 0. */
    @Test
    void aRuleWhoseContextsStartNowhereInTheScanSaysSo() throws IOException {
        Cli tiny = Cli.run("scan", tinyTree().toString(), "--no-cache");
        assertEquals(ExitCodes.OK, tiny.exit(), tiny.err());
        // The pack says where the messenger's work item is bound, so the warning names the scope to add.
        assertTrue(tiny.err().contains("kreach: warning: kreach/iput-in-messenger: no entry point in the scope (its "
                + "context work ceph_connection.work is bound in net/ceph): not run, so its 0 says nothing; add "
                + "--scope net/ceph\n"), tiny.err());
        assertTrue(tiny.err().contains("kreach: warning: kreach/iput-in-smb-receive: no entry point in the scope (its "
                + "context cifs_demultiplex_thread() is defined in fs/smb/client): not run, so its 0 says nothing; add "
                + "--scope fs/smb/client\n"), tiny.err());
        // Writeback's contexts are every filesystem's ops fields: no one home to name.
        assertTrue(tiny.err().contains("kreach: warning: kreach/iput-in-writeback: no entry point in the scope (its "
                + "contexts address_space_operations.writepages, address_space_operations.writepage, "
                + "super_operations.write_inode start nowhere in the scanned code): not run, so its 0 says nothing; "
                + "widen --scope to where the context starts\n"), tiny.err());
        assertEquals(3, tiny.err().lines().filter(l -> l.contains("no entry point in the scope")).count(), tiny.err());
        assertTrue(tiny.out().contains("0 findings: kreach/iput-in-writeback not run (no entry point in the scope), "
                + "kreach/iput-in-messenger not run (no entry point in the scope), kreach/iput-in-smb-receive not run "
                + "(no entry point in the scope)\n"), tiny.out());
        Cli demo = Cli.run("scan", "--no-cache");
        List<String> unbound = demo.err().lines().filter(l -> l.contains("no entry point")).toList();
        assertEquals(1, unbound.size(), demo.err());
        assertTrue(unbound.get(0).startsWith("kreach: warning: kreach/iput-in-smb-receive: no entry point"),
                demo.err());
        assertTrue(demo.out().contains("kreach/iput-in-writeback 1, kreach/iput-in-messenger 2, "
                + "kreach/iput-in-smb-receive not run (no entry point in the scope)\n"), demo.out());
        String json = Cli.runToString("scan", "--no-cache", "--format", "json");
        assertTrue(json.contains("\"id\" : \"kreach/iput-in-smb-receive\""), json);
        assertTrue(json.replaceAll("\\s", "").contains("\"precision\":\"medium\",\"run\":false"), json);
    }

    @Test
    void usageErrorsExitTwo() {
        Cli cli = Cli.run("path", "--from", "ceph_con_workfn");
        assertEquals(ExitCodes.BAD_INPUT, cli.exit());
        assertTrue(cli.err().startsWith("kreach: Missing required option: '--to=FUNC'"), cli.err());
        assertEquals(ExitCodes.BAD_INPUT, Cli.run("graph").exit());
        assertEquals(ExitCodes.BAD_INPUT, Cli.run("frobnicate").exit());
    }
}

package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreach.sarif.SarifSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kreach check-patch on a copy of the bundled demo tree. */
class CheckPatchTest {
    private static final String ADDR = "fs/ceph/addr.c";

    @TempDir
    Path tmp;

    private Path tree;
    private String addr;

    @BeforeEach
    void copyTree() throws IOException {
        tree = DemoTrees.copyTo(tmp.resolve("linux"));
        addr = Files.readString(tree.resolve(ADDR));
    }

    private Path patch(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path edit(String name, String from, String to) throws IOException {
        assertTrue(addr.contains(from), from);
        return patch(name, Patches.formatPatch(name, ADDR, addr, addr.replace(from, to)));
    }

    @Test
    void aNewPutOnAMessengerPathIsReportedNew() throws IOException {
        Path p = edit("0001-put.patch", "\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        Cli cli = Cli.run("check-patch", tree.toString(), p.toString());
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.out() + cli.err());
        // The chain comes through ceph_osd_request.r_callback of a request found by a lookup: bound by type only.
        assertTrue(cli.out().startsWith("New kreach warnings:\nfs/ceph/addr.c:48:2: warning: iput() may drop the last "
                + "inode reference in the Ceph messenger (1 unverified hop) [kreach/iput-in-messenger]\n"), cli.out());
        assertTrue(cli.out().contains("writepages_finish"), cli.out());
        assertTrue(cli.out().matches("(?s).*kreach: 1 new, 0 fixed, \\d+ unchanged\n"), cli.out());
        assertEquals(addr, Files.readString(tree.resolve(ADDR)), "nothing on disk changes");
        assertEquals(ExitCodes.OK, Cli.run("check-patch", tree.toString(), p.toString(), "--fail-on", "none").exit());
    }

    @Test
    void aDeferredPutIsReportedFixed() throws IOException {
        Path p = edit("0001-defer.patch", "\tiput(req->r_inode);\n}", "\tceph_async_iput(req->r_inode);\n}");
        Cli cli = Cli.run("check-patch", tree.toString(), p.toString());
        assertEquals(ExitCodes.OK, cli.exit(), cli.out() + cli.err());
        assertTrue(cli.out().startsWith("Fixed kreach warnings:\nfs/ceph/addr.c:28:2: warning: iput() may drop the "
                + "last inode reference in the Ceph messenger (1 unverified hop) [kreach/iput-in-messenger]\n"),
                cli.out());
        assertTrue(cli.out().endsWith("kreach: 0 new, 1 fixed, " + (countScan() - 1) + " unchanged\n"), cli.out());
        assertEquals(ExitCodes.NEGATIVE, Cli.run("check-patch", tree.toString(), p.toString(), "--fail-on", "any")
                .exit(), "findings remain");
    }

    @Test
    void sarifCarriesTheBaselineState() throws IOException {
        Path p = edit("0001-defer.patch", "\tiput(req->r_inode);\n}", "\tceph_async_iput(req->r_inode);\n}");
        Path out = tmp.resolve("check.sarif");
        Cli cli = Cli.run("check-patch", tree.toString(), p.toString(), "--format", "text", "--format", "sarif",
                "-o", out.toString());
        assertEquals(ExitCodes.OK, cli.exit(), cli.out() + cli.err());
        String sarif = Files.readString(out);
        SarifSchema.assertValid(sarif);
        JsonNode results = new ObjectMapper().readTree(sarif).get("runs").get(0)
                .get("results");
        assertEquals(countScan(), results.size());
        long absent = 0;
        for (JsonNode result : results) {
            String state = result.get("baselineState").asText();
            assertTrue(state.equals("unchanged") || state.equals("absent"), state);
            absent += state.equals("absent") ? 1 : 0;
        }
        assertEquals(1, absent);
        Cli json = Cli.run("check-patch", tree.toString(), p.toString(), "--format", "json");
        assertEquals(ExitCodes.BAD_INPUT, json.exit());
        assertTrue(json.err().startsWith("kreach: check-patch writes [text, sarif], not json"), json.err());
    }

    @Test
    void twoRevisionsOfAGitRepository() throws Exception {
        try (Git git = Git.init().setDirectory(tree.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("base").setAuthor("t", "t@kreach.invalid").setCommitter("t", "t@kreach.invalid")
                    .setSign(false).call();
            Files.writeString(tree.resolve(ADDR), addr.replace("\tiput(req->r_inode);\n}",
                    "\tceph_async_iput(req->r_inode);\n}"));
            git.commit().setAll(true).setMessage("defer").setAuthor("t", "t@kreach.invalid")
                    .setCommitter("t", "t@kreach.invalid").setSign(false).call();
            // The working tree is put back: the check reads the revisions, not the files.
            Files.writeString(tree.resolve(ADDR), "garbage, not C");
        }
        Cli cli = Cli.run("check-patch", "--git", tree.toString(), "--base", "HEAD~1", "--head", "HEAD");
        assertEquals(ExitCodes.OK, cli.exit(), cli.out() + cli.err());
        // Checked hop by hop against the revisions' own bodies: the dispatch is verified, only the callback is not.
        assertTrue(cli.out().startsWith("Fixed kreach warnings:\nfs/ceph/addr.c:28:2: warning: iput() may drop the "
                + "last inode reference in the Ceph messenger (1 unverified hop) [kreach/iput-in-messenger]\n"),
                cli.out());
        assertTrue(cli.out().endsWith("kreach: 0 new, 1 fixed, " + (countFreshScan() - 1) + " unchanged\n"),
                cli.out());

        Cli missing = Cli.run("check-patch", "--git", tree.toString(), "--base", "v0.0", "--head", "HEAD");
        assertEquals(ExitCodes.BAD_INPUT, missing.exit());
        assertEquals("kreach: " + tree + ": no revision 'v0.0'", missing.err().strip());
        Cli notGit = Cli.run("check-patch", "--git", tmp.resolve("nowhere").toString(), "--base", "a", "--head", "b");
        assertEquals(ExitCodes.BAD_INPUT, notGit.exit());
        assertTrue(notGit.err().strip().endsWith(": not a git repository"), notGit.err());
        Cli toHead = Cli.run("check-patch", "--git", tree.toString(), "--base", "HEAD~1");
        assertEquals(cli.out(), toHead.out(), "--head defaults to HEAD");
        Cli mixed = Cli.run("check-patch", "--git", tree.toString(), "--head", "HEAD");
        assertEquals(ExitCodes.BAD_INPUT, mixed.exit());
        assertTrue(mixed.err().startsWith("kreach: give TREE PATCH..., --git REPO --base REV [--head REV], or --git "
                + "REPO --working-tree [--base REV]"),
                mixed.err());
    }

    /**
     * Per-commit blame: in a series of three commits, the second adds a put on a messenger path; its warning names
     * that commit (abbreviated id and subject), not the series' last one, as the test robot names the commit.
     */
    @Test
    void eachNewFindingNamesTheCommitThatBroughtIt() throws Exception {
        String put = addr.replace("\tceph_osdc_put_request(req);\n}", "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        String second;
        try (Git git = Git.init().setDirectory(tree.toFile()).call()) {
            git.add().addFilepattern(".").call();
            commit(git, "base");
            Files.writeString(tree.resolve(ADDR), addr.replace("#include \"super.h\"\n", "#include \"super.h\"\n\n"));
            commit(git, "ceph: a blank line");
            Files.writeString(tree.resolve(ADDR), put.replace("#include \"super.h\"\n", "#include \"super.h\"\n\n"));
            second = commit(git, "ceph: put the inode after the request");
            Files.writeString(tree.resolve(ADDR), put.replace("#include \"super.h\"\n", "#include \"super.h\"\n\n\n"));
            commit(git, "ceph: another blank line");
        }
        Cli cli = Cli.run("check-patch", "--git", tree.toString(), "--base", "HEAD~3");
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.out() + cli.err());
        assertTrue(cli.out().startsWith("New kreach warnings:\nfs/ceph/addr.c:50:2: warning: iput() may drop the last "
                + "inode reference in the Ceph messenger (1 unverified hop) [kreach/iput-in-messenger]\n"
                + "    introduced by commit " + second.substring(0, 12) + " (\"ceph: put the inode after the request\")\n"),
                cli.out());
        JsonNode result = null;
        for (JsonNode r : new ObjectMapper().readTree(Cli.run("check-patch", "--git", tree.toString(), "--base",
                "HEAD~3", "--format", "sarif").out()).at("/runs/0/results")) {
            if (r.get("baselineState").asText().equals("new")) {
                assertEquals(null, result, "one new result");
                result = r;
            } else {
                assertFalse(r.at("/properties").has("introducedBy"), r.toString());
            }
        }
        assertEquals("commit " + second.substring(0, 12) + " (\"ceph: put the inode after the request\")",
                result.at("/properties/introducedBy").asText());
    }

    /** --working-tree: what the uncommitted changes add, against HEAD. */
    @Test
    void uncommittedChangesAreCheckedAgainstHead() throws Exception {
        try (Git git = Git.init().setDirectory(tree.toFile()).call()) {
            git.add().addFilepattern(".").call();
            commit(git, "base");
        }
        Files.writeString(tree.resolve(ADDR), addr.replace("\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}"));
        Cli cli = Cli.run("check-patch", "--git", tree.toString(), "--working-tree");
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.out() + cli.err());
        assertTrue(cli.out().startsWith("New kreach warnings:\nfs/ceph/addr.c:48:2: warning: iput() may drop the last "
                + "inode reference in the Ceph messenger (1 unverified hop) [kreach/iput-in-messenger]\n"
                + "    introduced by the working tree\n"), cli.out());
        assertTrue(cli.out().matches("(?s).*kreach: 1 new, 0 fixed, \\d+ unchanged\n"), cli.out());
        Cli both = Cli.run("check-patch", "--git", tree.toString(), "--working-tree", "--head", "HEAD");
        assertEquals(ExitCodes.BAD_INPUT, both.exit());
    }

    /** The same for patch files: the patch's file name and subject. */
    @Test
    void eachNewFindingNamesThePatchThatBroughtIt() throws IOException {
        String blank = addr.replace("#include \"super.h\"\n", "#include \"super.h\"\n\n");
        String put = blank.replace("\tceph_osdc_put_request(req);\n}", "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        Path first = patch("0001-put.patch", Patches.formatPatch("ceph: put the inode", ADDR, addr, put));
        Path second = patch("0002-blank.patch", Patches.formatPatch("ceph: a blank line", ADDR, put,
                put.replace("#include \"super.h\"\n", "#include \"super.h\"\n\n")));
        Cli cli = Cli.run("check-patch", tree.toString(), first.toString(), second.toString());
        assertEquals(ExitCodes.NEGATIVE, cli.exit(), cli.out() + cli.err());
        assertTrue(cli.out().contains("[kreach/iput-in-messenger]\n    introduced by " + first
                + " (\"[PATCH] ceph: put the inode\")\n"), cli.out());
    }

    private static String commit(Git git, String message) throws Exception {
        return git.commit().setAll(true).setMessage(message).setAuthor("t", "t@kreach.invalid")
                .setCommitter("t", "t@kreach.invalid").setSign(false).call().getName();
    }

    /** Findings of the unmodified demo tree, as the base revision holds it. */
    private int countFreshScan() throws IOException {
        Path fresh = DemoTrees.copyTo(tmp.resolve("fresh"));
        return (int) Cli.run("scan", fresh.toString()).out().lines().filter(l -> l.contains(": warning: ")).count();
    }

    @Test
    void movingLinesChangesNothing() throws IOException {
        Path p = edit("0001-blank.patch", "#include \"super.h\"\n", "#include \"super.h\"\n\n\n\n");
        Cli cli = Cli.run("check-patch", tree.toString(), p.toString());
        assertEquals(ExitCodes.OK, cli.exit(), cli.out() + cli.err());
        assertEquals("kreach: 0 new, 0 fixed, " + countScan() + " unchanged\n", cli.out());
    }

    @Test
    void anMboxSeriesAppliesInOrder() throws IOException {
        String once = addr.replace("#include \"super.h\"\n", "#include \"super.h\"\n\n");
        String twice = once.replace("\tiput(req->r_inode);\n}", "\tceph_async_iput(req->r_inode);\n}");
        Path mbox = patch("series.mbox", Patches.formatPatch("one", ADDR, addr, once)
                + Patches.formatPatch("two", ADDR, once, twice));
        Cli cli = Cli.run("check-patch", tree.toString(), mbox.toString());
        assertEquals(ExitCodes.OK, cli.exit(), cli.out() + cli.err());
        assertTrue(cli.out().endsWith("kreach: 0 new, 1 fixed, " + (countScan() - 1) + " unchanged\n"), cli.out());
    }

    @Test
    void badPatchesAreRefusedWithOneLine() throws IOException {
        String good = Patches.formatPatch("x", ADDR, addr, addr.replace("\tiput(req->r_inode);\n", ""));
        Path stale = patch("stale.patch", good.replace("netfs_read_subreq_terminated", "netfs_subreq_done"));
        // The file, the hunk and the first line that does not match, in kreach's words, not JGit's.
        assertRefused(stale, ADDR + ": hunk @@ -25,7 +25,6 @@ does not apply: line 27 reads "
                + "\"\tnetfs_read_subreq_terminated(subreq, req->r_result);\", the hunk expects "
                + "\"\tnetfs_subreq_done(subreq, req->r_result);\"");
        assertRefused(patch("escape.patch", good.replace("a/" + ADDR, "a/../etc/passwd")
                .replace("b/" + ADDR, "b/../etc/passwd")), "path ../etc/passwd leaves the tree; refused");
        assertRefused(patch("missing.patch", good.replace(ADDR, "fs/ceph/nosuch.c")),
                "patches fs/ceph/nosuch.c, which is not in " + tree);
        assertRefused(patch("empty.mbox", ""), "empty patch or mbox");
        assertRefused(patch("prose.patch", "Hello,\nthis is not a patch.\n"), "holds no diff");
        assertRefused(patch("binary.patch", "diff --git a/fs/ceph/blob.o b/fs/ceph/blob.o\nnew file mode 100644\n"
                + "index 0000000..e69de29\nGIT binary patch\nliteral 3\nKcmZ?wZ~y=S00031\n\nliteral 0\nHcmV?d00001\n\n"),
                "binary patch of fs/ceph/blob.o refused");
        assertEquals(addr, Files.readString(tree.resolve(ADDR)));
    }

    /** A "new file" patch for a file the tree has would replace it; git apply refuses it, and so does kreach. */
    @Test
    void aPatchCreatingAFileThatExistsIsRefused() throws IOException {
        String create = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
                + "Subject: [PATCH] new\n\n---\ndiff --git a/" + ADDR + " b/" + ADDR + "\nnew file mode 100644\n"
                + "index 0000000..e69de29\n--- /dev/null\n+++ b/" + ADDR + "\n@@ -0,0 +1 @@\n+int x;\n";
        assertRefused(patch("create.patch", create), "creates " + ADDR + ", which already exists in " + tree);
        assertEquals(addr, Files.readString(tree.resolve(ADDR)));
        // Created twice in one series: the second finds the first's file.
        String other = create.replace(ADDR, "fs/ceph/brand-new.c");
        Cli cli = Cli.run("check-patch", tree.toString(), patch("1.patch", other).toString(),
                patch("2.patch", other).toString());
        assertEquals(ExitCodes.BAD_INPUT, cli.exit(), cli.err());
        assertEquals("kreach: " + tmp.resolve("2.patch") + ": creates fs/ceph/brand-new.c, which already exists in "
                + "the tree as the series left it", cli.err().strip());
    }

    /** A patch whose every line ends in CR LF is read as git am reads it: the same result as the LF patch. */
    @Test
    void aPatchWithCrLfLineEndsAppliesAsGitAmWould() throws IOException {
        Path lf = edit("0001-defer.patch", "\tiput(req->r_inode);\n}", "\tceph_async_iput(req->r_inode);\n}");
        Path crlf = patch("0001-defer-crlf.patch", Files.readString(lf).replace("\n", "\r\n"));
        Cli fromLf = Cli.run("check-patch", tree.toString(), lf.toString());
        Cli fromCrlf = Cli.run("check-patch", tree.toString(), crlf.toString());
        assertEquals(ExitCodes.OK, fromCrlf.exit(), fromCrlf.err());
        assertEquals(fromLf.out(), fromCrlf.out());
        // A patch that does not apply never puts a raw carriage return into its one line.
        Path stale = patch("stale-crlf.patch", Files.readString(lf).replace("\n", "\r\n").replace("\r\n-", "\n-")
                .replace("netfs_read_subreq_terminated", "netfs_subreq_done"));
        Cli refused = Cli.run("check-patch", tree.toString(), stale.toString());
        assertEquals(ExitCodes.BAD_INPUT, refused.exit(), refused.err());
        assertFalse(refused.err().contains("\r"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
    }

    /** -pN as patch(1) reads it: paths with no prefix (diff -u run in the tree's top) or with more than git's. */
    @Test
    void pathsWithOtherPrefixDepthsApplyWithP() throws IOException {
        Path git = edit("0001-defer.patch", "\tiput(req->r_inode);\n}", "\tceph_async_iput(req->r_inode);\n}");
        String text = Files.readString(git);
        Path p0 = patch("defer-p0.patch", text.replace("a/" + ADDR, ADDR).replace("b/" + ADDR, ADDR));
        Path p2 = patch("defer-p2.patch", text.replace("a/" + ADDR, "a/linux/" + ADDR)
                .replace("b/" + ADDR, "b/linux/" + ADDR));
        Cli expected = Cli.run("check-patch", tree.toString(), git.toString());
        assertEquals(ExitCodes.OK, expected.exit(), expected.err());
        assertTrue(expected.out().startsWith("Fixed kreach warnings:\n"), expected.out());
        assertEquals(expected.out(), Cli.run("check-patch", tree.toString(), p0.toString(), "-p", "0").out());
        assertEquals(expected.out(), Cli.run("check-patch", tree.toString(), p2.toString(), "-p", "2").out());
        Cli tooDeep = Cli.run("check-patch", tree.toString(), p0.toString(), "-p", "4");
        assertEquals(ExitCodes.BAD_INPUT, tooDeep.exit(), tooDeep.err());
        assertEquals("kreach: " + p0 + ": -p4 strips more than the path " + ADDR + " has", tooDeep.err().strip());
    }

    private void assertRefused(Path patch, String message) {
        Cli cli = Cli.run("check-patch", tree.toString(), patch.toString());
        assertEquals(ExitCodes.BAD_INPUT, cli.exit(), cli.out() + cli.err());
        assertEquals("", cli.out(), "no partial result");
        assertTrue(cli.err().strip().startsWith("kreach: " + patch + ": " + message), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
    }

    private int countScan() {
        return (int) Cli.run("scan", tree.toString()).out().lines().filter(l -> l.contains(": warning: ")).count();
    }
}

package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.saved.SavedAnalyses;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-patch against a base whose analysis an earlier run saved: the same report as a check that analyses the
 * base in full, for patches of many kinds; a saved analysis that cannot be used is noted in one line and the base
 * analysed again.
 */
class SavedBaseTest {
    @TempDir
    Path tmp;

    private Path tree;
    private Path cache;

    @BeforeEach
    void copyTree() throws IOException {
        tree = DemoTrees.copyTo(tmp.resolve("linux"));
        cache = tmp.resolve("cache");
    }

    private String read(String path) throws IOException {
        return Files.readString(tree.resolve(path));
    }

    private Path edit(String name, String path, String from, String to) throws IOException {
        String before = read(path);
        assertTrue(before.contains(from), from);
        return write(name, Patches.formatPatch(name, path, before, before.replace(from, to)));
    }

    /** A patch making two replacements in one file. */
    private Path twoEdits(String name, String path, String from, String to, String from2, String to2)
            throws IOException {
        String before = read(path);
        assertTrue(before.contains(from) && before.contains(from2), from + " / " + from2);
        return write(name, Patches.formatPatch(name, path, before, before.replace(from, to).replace(from2, to2)));
    }

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** A patch that creates {@code path} holding {@code lines}. */
    private Path create(String name, String path, List<String> lines) throws IOException {
        StringBuilder diff = new StringBuilder("diff --git a/" + path + " b/" + path + "\nnew file mode 100644\n"
                + "index 0000000..1111111\n--- /dev/null\n+++ b/" + path + "\n@@ -0,0 +1," + lines.size() + " @@\n");
        lines.forEach(l -> diff.append('+').append(l).append('\n'));
        return write(name, header(name) + diff);
    }

    /** A patch that deletes {@code path}. */
    private Path delete(String name, String path) throws IOException {
        List<String> lines = read(path).lines().toList();
        StringBuilder diff = new StringBuilder("diff --git a/" + path + " b/" + path + "\ndeleted file mode 100644\n"
                + "index 1111111..0000000\n--- a/" + path + "\n+++ /dev/null\n@@ -1," + lines.size() + " +0,0 @@\n");
        lines.forEach(l -> diff.append('-').append(l).append('\n'));
        return write(name, header(name) + diff);
    }

    private static String header(String subject) {
        return "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: kreach tests "
                + "<tests@kreach.invalid>\nSubject: [PATCH] " + subject + "\n\n---\n";
    }

    /** A check's report, text then SARIF; the error output separately. */
    private record Report(String text, String sarif, String err, int exit) {
    }

    private Report check(Path patch, String... cacheOptions) throws IOException {
        return check(List.of(patch), cacheOptions);
    }

    private Report check(List<Path> series, String... cacheOptions) throws IOException {
        Path sarif = tmp.resolve("out.sarif");
        Files.deleteIfExists(sarif);
        List<String> args = new java.util.ArrayList<>(List.of("check-patch", tree.toString()));
        series.forEach(p -> args.add(p.toString()));
        args.addAll(List.of("--format", "text", "--format", "sarif", "-o", sarif.toString()));
        args.addAll(List.of(cacheOptions));
        Cli cli = Cli.run(args.toArray(new String[0]));
        assertTrue(cli.exit() <= ExitCodes.NEGATIVE, cli.err());
        return new Report(cli.out(), Files.readString(sarif), cli.err(), cli.exit());
    }

    private Report cached(Path patch) throws IOException {
        return check(patch, "--cache", cache.toString());
    }

    private Report inFull(Path patch) throws IOException {
        return check(patch, "--no-cache");
    }

    private static void assertSame(Report full, Report saved, String what) {
        assertEquals(full.text(), saved.text(), what);
        assertEquals(full.sarif(), saved.sarif(), what);
        assertEquals(full.exit(), saved.exit(), what);
    }

    private void assertNote(Report report, String reason) {
        assertTrue(report.err().contains("kreach: " + tree + ": " + reason + "; analysing the base in full\n"),
                report.err());
    }

    /** The saved analysis was taken, and its graph updated for the patch. */
    private static void assertTaken(Report report) {
        assertFalse(report.err().contains("analysis"), report.err());
        assertFalse(report.err().contains("graph"), report.err());
    }

    /** The one saved analysis; its graph is saved beside it. */
    private Path theOneEntry() throws IOException {
        try (var entries = Files.list(cache.resolve("analyses"))) {
            List<Path> all = entries.filter(p -> p.getFileName().toString().endsWith(".analysis")).toList();
            assertEquals(1, all.size(), all.toString());
            assertTrue(Files.isRegularFile(graphOf(all.get(0))), "no graph beside " + all.get(0));
            return all.get(0);
        }
    }

    private static Path graphOf(Path entry) {
        String name = entry.getFileName().toString();
        return entry.resolveSibling(name.substring(0, name.length() - ".analysis".length()) + ".graph");
    }

    private void assertGraphNote(Report report, String reason) {
        assertTrue(report.err().contains("kreach: " + tree + ": " + reason
                + "; building the graph of the patched tree in full\n"), report.err());
        assertFalse(report.err().contains("analysis"), report.err());
    }

    @Test
    void theFirstCheckSavesTheBaseAndTheNextTakesIt() throws IOException {
        Path patch = edit("put.patch", "fs/ceph/addr.c", "\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        Report full = inFull(patch);
        assertTrue(full.text().contains("kreach: 1 new, 0 fixed,"), full.text());
        Report first = cached(patch);
        assertNote(first, "no saved analysis");
        assertSame(full, first, "analysed and saved");
        theOneEntry();
        Report second = cached(patch);
        assertTaken(second);
        assertSame(full, second, "taken from the saved analysis");
    }

    /** Patches of the kinds issue 18 names, each checked against the one saved base and in full. */
    @Test
    void aSavedBaseGivesTheFullChecksReportForEveryKindOfPatch() throws IOException {
        // The base gets a static namesake of addr.c's finish_netfs_read(), for the patch that changes it.
        Files.writeString(tree.resolve("fs/ceph/caps.c"), read("fs/ceph/caps.c") + "\nstatic void "
                + "finish_netfs_read(struct ceph_inode_info *ci)\n{\n\tceph_check_caps(ci, 0);\n}\n");
        Map<String, Path> patches = new LinkedHashMap<>();
        patches.put("a new call", edit("1.patch", "fs/ceph/addr.c", "\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}"));
        patches.put("a put deferred", edit("2.patch", "fs/ceph/addr.c", "\tiput(req->r_inode);\n}",
                "\tceph_async_iput(req->r_inode);\n}"));
        patches.put("an ops binding removed", edit("3.patch", "fs/ceph/dir.c",
                "\treq->r_callback = ceph_async_unlink_cb;\n", ""));
        patches.put("a header's struct field retyped", edit("4.patch", "include/linux/ceph/messenger.h",
                "\tconst struct ceph_connection_operations *ops;", "\tconst struct ceph_connection_ops *ops;"));
        patches.put("a file added with a callback that puts", create("5.patch", "fs/ceph/quota.c", List.of(
                "#include <linux/fs.h>", "#include \"super.h\"", "#include \"mds_client.h\"", "",
                "static void ceph_quota_cb(struct ceph_mds_client *mdsc, struct ceph_mds_request *req)", "{",
                "\tiput(req->r_parent);", "}", "",
                "void ceph_quota_submit(struct ceph_mds_client *mdsc, struct inode *dir, struct ceph_mds_request *req)",
                "{", "\treq->r_callback = ceph_quota_cb;", "\tceph_mdsc_submit_request(mdsc, dir, req);", "}")));
        patches.put("a file deleted", delete("6.patch", "fs/ceph/dir.c"));
        patches.put("a scope header's static inline helper puts", edit("7.patch", "fs/ceph/super.h",
                "{\n\treturn container_of(", "{\n\tiput(inode);\n\treturn container_of("));
        patches.put("a call removed", edit("8.patch", "fs/ceph/caps.c", "\tif (put)\n\t\tiput(inode);\n", ""));
        patches.put("a new ops binding", twoEdits("9.patch", "net/ceph/osd_client.c",
                "static const struct ceph_connection_operations osd_con_ops = {",
                "static void osd_fault(struct ceph_connection *con)\n{\n\tstruct ceph_osd *osd = con->private;\n\n"
                        + "\tiput(osd->o_inode);\n}\n\nstatic const struct ceph_connection_operations osd_con_ops = {",
                "\t.dispatch = osd_dispatch,\n", "\t.dispatch = osd_dispatch,\n\t.fault = osd_fault,\n"));
        patches.put("a new entry point", edit("10.patch", "fs/ceph/dir.c",
                "const struct inode_operations ceph_dir_iops",
                "static int ceph_dir_writepages(struct address_space *mapping, struct writeback_control *wbc)\n{\n"
                        + "\tiput(mapping->host);\n\treturn 0;\n}\n\nconst struct address_space_operations "
                        + "ceph_dir_aops = {\n\t.writepages = ceph_dir_writepages,\n};\n\n"
                        + "const struct inode_operations ceph_dir_iops"));
        patches.put("a static function with a namesake elsewhere changed", twoEdits("11.patch", "fs/ceph/caps.c",
                "\tceph_check_caps(ci, 0);\n}\n", "\tiput(&ci->netfs_inode);\n}\n",
                "\tif (last)\n", "\tfinish_netfs_read(ci);\n\tif (last)\n"));
        Cli scan = Cli.run("scan", tree.toString(), "--cache", cache.toString());
        assertTrue(scan.exit() <= ExitCodes.NEGATIVE, scan.err());
        theOneEntry();
        for (Map.Entry<String, Path> patch : patches.entrySet()) {
            Report saved = cached(patch.getValue());
            assertTaken(saved);
            // The base's rules' run is taken over where the patch left some of it standing: everywhere but after
            // the patch to fs/ceph/super.h, which sits beside every fs/ceph file whose bodies the checks read.
            assertEquals(!patch.getKey().equals("a scope header's static inline helper puts"),
                    saved.err().contains("kreach: the patch left "), patch.getKey() + ": " + saved.err());
            assertSame(inFull(patch.getValue()), saved, patch.getKey());
            assertFalse(saved.text().contains("kreach: 0 new, 0 fixed"), patch.getKey() + " changes the findings:\n"
                    + saved.text());
        }
    }

    /** A series of two against a saved base: each new finding is blamed on the patch that brought it, as in full. */
    @Test
    void aSeriesAgainstASavedBaseBlamesEachPatchAsInFull() throws IOException {
        Path first = edit("1.patch", "fs/ceph/addr.c", "\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        Path second = edit("2.patch", "fs/ceph/dir.c", "\td_drop(dentry);\n", "\td_drop(dentry);\n\tiput(dir);\n");
        List<Path> series = List.of(first, second);
        Report full = check(series, "--no-cache");
        assertTrue(full.text().contains("introduced by " + first), full.text());
        assertNote(check(series, "--cache", cache.toString()), "no saved analysis");
        Report saved = check(series, "--cache", cache.toString());
        assertTaken(saved);
        assertSame(full, saved, "a series");
    }

    @Test
    void anUnusableSavedAnalysisIsNotedAndReplaced() throws IOException {
        Path patch = edit("defer.patch", "fs/ceph/addr.c", "\tiput(req->r_inode);\n}",
                "\tceph_async_iput(req->r_inode);\n}");
        Report full = inFull(patch);
        cached(patch);
        Path entry = theOneEntry();
        byte[] good = Files.readAllBytes(entry);

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x20;
        Files.write(entry, flipped);
        Report damaged = cached(patch);
        assertNote(damaged, "the saved analysis is damaged (checksum)");
        assertSame(full, damaged, "damaged");
        assertTaken(cached(patch));

        ByteBuffer header = ByteBuffer.wrap(good);
        header.position(8);
        text(header);
        String key = text(header);
        SavedAnalyses.open(cache, "kreach-0.1+older").put(key, new byte[] {0, 0, 0, 0});
        Report older = cached(patch);
        assertNote(older, "the saved analysis is of another kreach build (kreach-0.1+older)");
        assertSame(full, older, "another build's");
        assertTaken(cached(patch));

        // A producer name holding an escape sequence and a line break is printed escaped, on one line.
        SavedAnalyses.open(cache, "kreach\u001b[2J\nforged").put(key, new byte[] {0, 0, 0, 0});
        Report hostile = cached(patch);
        assertNote(hostile, "the saved analysis is of another kreach build (kreach\\x1b[2J\\nforged)");
        assertFalse(hostile.err().contains("\u001b"), hostile.err());
        assertSame(full, hostile, "a hostile entry");

        Files.delete(entry);
        Files.createDirectory(entry);
        Report directory = cached(patch);
        assertNote(directory, "the saved analysis " + entry + " is not a regular file");
        assertTrue(directory.err().contains("kreach: cannot save the analysis of " + tree + ": "), directory.err());
        assertSame(full, directory, "a directory in its place");
    }

    @Test
    void anUnusableSavedGraphIsNotedAndThePatchedTreeAnalysedInFull() throws IOException {
        Path patch = edit("defer.patch", "fs/ceph/addr.c", "\tiput(req->r_inode);\n}",
                "\tceph_async_iput(req->r_inode);\n}");
        Report full = inFull(patch);
        cached(patch);
        Path graph = graphOf(theOneEntry());
        byte[] good = Files.readAllBytes(graph);

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x20;
        Files.write(graph, flipped);
        Report damaged = cached(patch);
        assertGraphNote(damaged, "saved graph damaged (checksum)");
        assertSame(full, damaged, "a damaged graph");

        Files.write(graph, java.util.Arrays.copyOf(good, good.length - 1));
        assertGraphNote(cached(patch), "not a saved graph");
        Files.delete(graph);
        Report missing = cached(patch);
        assertGraphNote(missing, "no saved graph");
        assertSame(full, missing, "no graph");

        // The next scan saves it again; an update that must resolve calls of files whose facts the cache no longer
        // holds parses those files again.
        Cli scan = Cli.run("scan", tree.toString(), "--cache", cache.toString());
        assertTrue(scan.exit() <= ExitCodes.NEGATIVE, scan.err());
        assertTrue(Files.isRegularFile(graph));
        Path facts = cache.resolve("facts");
        try (var walk = Files.walk(facts)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        // A new ops binding: the messenger's calls through the ops table are resolved again.
        Path binding = twoEdits("binding.patch", "net/ceph/osd_client.c",
                "static const struct ceph_connection_operations osd_con_ops = {",
                "static void osd_fault(struct ceph_connection *con)\n{\n\tstruct ceph_osd *osd = con->private;\n\n"
                        + "\tiput(osd->o_inode);\n}\n\nstatic const struct ceph_connection_operations osd_con_ops = {",
                "\t.dispatch = osd_dispatch,\n", "\t.dispatch = osd_dispatch,\n\t.fault = osd_fault,\n");
        Report reparsed = cached(binding);
        assertTaken(reparsed);
        assertSame(inFull(binding), reparsed, "calls parsed again");
        assertTrue(reparsed.text().contains("kreach: 1 new,"), reparsed.text());
    }

    @Test
    void anEditedBaseIsAnalysedAgain() throws IOException {
        Path patch = edit("put.patch", "fs/ceph/addr.c", "\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        cached(patch);
        String caps = read("fs/ceph/caps.c");
        Files.writeString(tree.resolve("fs/ceph/caps.c"), caps.replace("\tiput(", "\tceph_async_iput("));
        Report edited = cached(patch);
        assertNote(edited, "the tree changed since its analysis was saved");
        assertSame(inFull(patch), edited, "the edited base");
        assertTaken(cached(patch));
    }

    @Test
    void withoutACacheNothingIsSavedOrNoted() throws IOException {
        Path patch = edit("put.patch", "fs/ceph/addr.c", "\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        assertTaken(inFull(patch));
        assertTaken(inFull(patch));
        assertFalse(Files.exists(cache));
    }

    /**
     * With --no-saved-analysis the facts are cached but no analysis is saved or read: a scan leaves none, and a
     * check analyses its base in full each time, with the same report and no note.
     */
    @Test
    void withoutSavedAnalysesTheFactsAreStillCached() throws IOException {
        Path patch = edit("put.patch", "fs/ceph/addr.c", "\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        Cli scan = Cli.run("scan", tree.toString(), "--cache", cache.toString(), "--no-saved-analysis");
        assertEquals(ExitCodes.NEGATIVE, scan.exit(), scan.err());
        assertFalse(Files.exists(cache.resolve("analyses")), "an analysis saved");
        assertTrue(Files.isDirectory(cache.resolve("facts")), "no facts cached");
        Report full = inFull(patch);
        for (int i = 0; i < 2; i++) {
            Report unsaved = check(patch, "--cache", cache.toString(), "--no-saved-analysis");
            assertTaken(unsaved);
            assertSame(full, unsaved, "analysed in full without a saved analysis");
        }
        assertFalse(Files.exists(cache.resolve("analyses")), "an analysis saved");
    }

    /** check-patch reads trees in fast mode: build mode's options are one line and exit 2, not a mixed check. */
    @Test
    void buildModesOptionsAreRefusedInOneLine() throws IOException {
        Path patch = edit("put.patch", "fs/ceph/addr.c", "\tceph_osdc_put_request(req);\n}",
                "\tceph_osdc_put_request(req);\n\tiput(inode);\n}");
        Cli cli = Cli.run("check-patch", tree.toString(), patch.toString(), "--compile-commands",
                tmp.resolve("compile_commands.json").toString());
        assertEquals(ExitCodes.BAD_INPUT, cli.exit());
        assertEquals("", cli.out());
        assertEquals("kreach: check-patch reads trees in fast mode: --compile-commands applies to scan only",
                cli.err().strip());
        assertFalse(Files.exists(cache));
    }

    private static String text(ByteBuffer in) {
        byte[] utf8 = new byte[in.getInt()];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}

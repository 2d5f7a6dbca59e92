package dev.kreach.analyzer.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a tree may hold besides files: links, FIFOs, devices, names that climb out of it, files too large to read.
 * Each is read as the unpacked tree would give it, or listed and named with its reason; none blocks or is lost.
 */
class HostileTreesTest {
    private static final Scope SCOPE = new Scope(List.of("fs/demo"));

    @TempDir
    Path tmp;

    /** A tarball with a top directory, entries written in the order given. */
    private static final class Tarball implements AutoCloseable {
        private final TarArchiveOutputStream tar;

        Tarball(Path file) throws IOException {
            OutputStream out = Files.newOutputStream(file);
            tar = new TarArchiveOutputStream(file.toString().endsWith(".gz") ? new GzipCompressorOutputStream(out)
                    : out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        Tarball file(String name, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("linux/" + name);
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
            return this;
        }

        Tarball zeros(String name, long size) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry("linux/" + name);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length) {
                tar.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
            tar.closeArchiveEntry();
            return this;
        }

        Tarball special(String name, byte flag, String target) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry("linux/" + name, flag);
            if (target != null) {
                entry.setLinkName(target);
            }
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }

    private static void kernelShape(Tarball t) throws IOException {
        t.file("Makefile", "VERSION = 6\nPATCHLEVEL = 12\n").file("include/linux/fs.h", "struct inode;\n");
    }

    @Test
    void tarballLinksAreResolvedWithinTheArchiveLikeTheUnpackedTree() throws IOException {
        Path tarball = tmp.resolve("links.tar");
        try (Tarball t = new Tarball(tarball)) {
            kernelShape(t);
            // A target outside the scope that comes before its link (not kept by the first pass) ...
            t.file("lib/shared.c", "void shared(void) { }\n");
            t.special("fs/demo/shared.c", TarConstants.LF_SYMLINK, "../../lib/shared.c");
            // ... a link before its target, a link to a link, and a hard link (named as the archive names it).
            t.special("fs/demo/early.c", TarConstants.LF_SYMLINK, "late.c");
            t.special("fs/demo/chain.c", TarConstants.LF_SYMLINK, "./early.c");
            t.file("fs/demo/late.c", "void late(void) { }\n");
            t.special("fs/demo/hard.c", TarConstants.LF_LINK, "linux/fs/demo/late.c");
            // A name with ".." that stays in the tree is normalised.
            t.file("fs/other/../demo/dotted.c", "void dotted(void) { }\n");
        }
        SourceTree tree = SourceTree.open(tarball, SCOPE);
        assertEquals(List.of("fs/demo/chain.c", "fs/demo/dotted.c", "fs/demo/early.c", "fs/demo/hard.c",
                "fs/demo/late.c", "fs/demo/shared.c"), tree.cFiles(SCOPE));
        assertEquals("void shared(void) { }\n", tree.read("fs/demo/shared.c").text());
        for (String link : List.of("fs/demo/early.c", "fs/demo/chain.c", "fs/demo/hard.c")) {
            assertEquals("void late(void) { }\n", tree.read(link).text(), link);
            assertEquals(link, tree.read(link).path());
        }
        assertEquals("void dotted(void) { }\n", tree.read("fs/demo/dotted.c").text());

        // The same tree unpacked: the same files, the same bytes.
        Path dir = tmp.resolve("unpacked");
        Files.createDirectories(dir.resolve("fs/demo"));
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("include/linux"));
        Files.writeString(dir.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\n");
        Files.writeString(dir.resolve("lib/shared.c"), "void shared(void) { }\n");
        Files.writeString(dir.resolve("fs/demo/late.c"), "void late(void) { }\n");
        Files.writeString(dir.resolve("fs/demo/dotted.c"), "void dotted(void) { }\n");
        Files.createSymbolicLink(dir.resolve("fs/demo/shared.c"), Path.of("../../lib/shared.c"));
        Files.createSymbolicLink(dir.resolve("fs/demo/early.c"), Path.of("late.c"));
        Files.createSymbolicLink(dir.resolve("fs/demo/chain.c"), Path.of("./early.c"));
        Files.createLink(dir.resolve("fs/demo/hard.c"), dir.resolve("fs/demo/late.c"));
        SourceTree unpacked = SourceTree.open(dir, SCOPE);
        assertEquals(tree.cFiles(SCOPE), unpacked.cFiles(SCOPE));
        for (String path : tree.cFiles(SCOPE)) {
            assertArrayEquals(unpacked.read(path).bytes(), tree.read(path).bytes(), path);
        }
    }

    @Test
    void tarballEntriesThatCannotBeFilesAreListedWithTheirReason() throws IOException {
        Path tarball = tmp.resolve("odd.tar.gz");
        try (Tarball t = new Tarball(tarball)) {
            kernelShape(t);
            t.file("fs/demo/ok.c", "void ok(void) { }\n");
            t.special("fs/demo/pipe.c", TarConstants.LF_FIFO, null);
            t.special("fs/demo/tty.c", TarConstants.LF_CHR, null);
            t.special("fs/demo/out.c", TarConstants.LF_SYMLINK, "/etc/passwd");
            t.special("fs/demo/up.c", TarConstants.LF_SYMLINK, "../../../../etc/passwd");
            t.special("fs/demo/gone.c", TarConstants.LF_SYMLINK, "nowhere.c");
            t.special("fs/demo/loop.c", TarConstants.LF_SYMLINK, "loop.c");
            t.file("fs/demo/../../../../etc/evil.c", "int evil;\n");
            t.zeros("fs/demo/huge.c", SourceTree.FILE_BUDGET + 1);
        }
        SourceTree tree = SourceTree.open(tarball, SCOPE);
        assertEquals("not a regular file (a FIFO) in the tarball; not read", reason(tree, "fs/demo/pipe.c"));
        assertEquals("not a regular file (a character device) in the tarball; not read",
                reason(tree, "fs/demo/tty.c"));
        assertEquals("a link to /etc/passwd, outside the tarball's tree", reason(tree, "fs/demo/out.c"));
        assertEquals("a link to ../../../../etc/passwd, outside the tarball's tree", reason(tree, "fs/demo/up.c"));
        assertEquals("a link to fs/demo/nowhere.c, which the tarball does not hold", reason(tree, "fs/demo/gone.c"));
        assertEquals("a loop of links in the tarball", reason(tree, "fs/demo/loop.c"));
        assertEquals("its name leaves the tarball's tree (\"..\"); not read",
                reason(tree, "fs/demo/../../../../etc/evil.c"));
        assertEquals("larger than 64 MiB, more than any kernel source file", reason(tree, "fs/demo/huge.c"));
        assertEquals("void ok(void) { }\n", tree.read("fs/demo/ok.c").text());
    }

    @Test
    void aDirectoryTreeReadsOnlyRegularFilesInsideIt() throws Exception {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root.resolve("fs/demo"));
        Files.createDirectories(root.resolve("include/linux"));
        Files.writeString(root.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\n");
        Files.writeString(tmp.resolve("outside.c"), "int secret;\n");
        Files.createSymbolicLink(root.resolve("fs/demo/out.c"), tmp.resolve("outside.c"));
        Files.createSymbolicLink(root.resolve("fs/demo/gone.c"), Path.of("nowhere.c"));
        mkfifo(root.resolve("fs/demo/pipe.c"));
        mkfifo(root.resolve("fs/demo/Makefile"));
        SourceTree tree = SourceTree.open(root, SCOPE);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals("not a regular file (a FIFO, socket or device), which kreach does not open",
                    reason(tree, "fs/demo/pipe.c"));
            assertEquals("not a regular file (a FIFO, socket or device), which kreach does not open",
                    reason(tree, "fs/demo/Makefile"));
        });
        assertEquals("a symbolic link to " + tmp.toRealPath().resolve("outside.c") + ", outside the tree",
                reason(tree, "fs/demo/out.c"));
        assertEquals("a symbolic link to nothing", reason(tree, "fs/demo/gone.c"));
    }

    private static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
    }

    private static String reason(SourceTree tree, String path) {
        return assertThrows(IOException.class, () -> tree.read(path), path).getMessage();
    }
}

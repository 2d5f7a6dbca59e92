package dev.kreach.analyzer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a tree says of itself: a tarball or git revision its content, a directory what an analysis read of it, as
 * it was then: unchanged until a file it read, looked for or listed changes.
 */
class TreeStateTest {
    @TempDir
    Path tmp;

    private Path root;

    @BeforeEach
    void tree() throws IOException {
        root = tmp.resolve("linux");
        write("Makefile", "VERSION = 6\nPATCHLEVEL = 12\n");
        write("include/linux/fs.h", "struct inode;\n");
        write("fs/ceph/caps.c", "void f(void) { }\n");
        write("fs/ceph/Makefile", "obj-y += caps.o\n");
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), text);
    }

    /** What an analysis of the Ceph scope reads: its files listed and read, a Kconfig and a Makefile, a probe. */
    private List<String> analysed() throws IOException {
        RecordingTree tree = new RecordingTree(SourceTree.open(root, Scope.CEPH));
        for (String path : tree.cFiles(Scope.CEPH)) {
            tree.read(path);
        }
        tree.read("Makefile");
        tree.read("fs/ceph/Makefile");
        tree.exists("fs/ceph/Kconfig");
        assertEquals(Optional.of("directory " + root.toRealPath()), tree.location());
        return tree.inputs();
    }

    private boolean unchanged(List<String> inputs) {
        return RecordingTree.unchanged(SourceTree.open(root, Scope.CEPH), inputs);
    }

    @Test
    void aDirectoryIsAsAnalysedUntilAFileItReadChanges() throws IOException {
        List<String> inputs = analysed();
        assertTrue(unchanged(inputs), "nothing changed");
        FileTime time = Files.getLastModifiedTime(root.resolve("fs/ceph/caps.c"));
        write("fs/ceph/caps.c", "void g(void) { }\n");
        Files.setLastModifiedTime(root.resolve("fs/ceph/caps.c"), time);
        assertTrue(unchanged(inputs), "same size, same time: taken as unchanged, as git's index takes it");
        Files.setLastModifiedTime(root.resolve("fs/ceph/caps.c"), FileTime.fromMillis(time.toMillis() + 1));
        assertFalse(unchanged(inputs), "a newer time");
        inputs = analysed();
        write("fs/ceph/Makefile", "obj-y += caps.o super.o\n");
        assertFalse(unchanged(inputs), "another size");
    }

    @Test
    void filesTheAnalysisDidNotReadDoNotCountButNewOnesInItsListingsDo() throws IOException {
        List<String> inputs = analysed();
        write("fs/ext4/inode.c", "void e(void) { }\n");
        write(".git/index", "anything");
        assertTrue(unchanged(inputs), "outside what the analysis read or listed");
        write("fs/ceph/Kconfig", "config CEPH_FS\n");
        assertFalse(unchanged(inputs), "a file it looked for and did not find");
        Files.delete(root.resolve("fs/ceph/Kconfig"));
        assertTrue(unchanged(inputs), "gone again");
        write("fs/ceph/super.c", "void s(void) { }\n");
        assertFalse(unchanged(inputs), "a new file in a listing it made");
        Files.delete(root.resolve("fs/ceph/super.c"));
        assertTrue(unchanged(inputs));
        assertFalse(RecordingTree.unchanged(SourceTree.open(root, Scope.CEPH), List.of("garbage")), "unreadable");
    }

    @Test
    void aTarballIsTheHashOfItsBytes() throws Exception {
        Path tarball = tmp.resolve("linux.tar");
        tar(tarball, Map.of("linux/Makefile", "VERSION = 6\n", "linux/include/linux/fs.h", "",
                "linux/fs/ceph/caps.c", "void f(void) { }\n"));
        String hash = dev.kreach.analyzer.Sha256.hex(Files.readAllBytes(tarball));
        assertEquals(Optional.of("tarball " + hash), SourceTree.open(tarball, Scope.CEPH).state());
    }

    @Test
    void aGitRevisionIsItsTreeObject() throws Exception {
        try (Git git = Git.init().setDirectory(root.toFile()).call()) {
            git.add().addFilepattern(".").call();
            String tree = git.commit().setMessage("base").setAuthor("t", "t@t").setCommitter("t", "t@t").call()
                    .getTree().getId().name();
            try (GitRevisionTree revision = GitRevisionTree.open(root, "HEAD")) {
                assertEquals(Optional.of("git tree " + tree), revision.state());
            }
        }
    }

    @Test
    void aTreePatchedInMemoryCannotSay() throws IOException {
        SourceTree base = SourceTree.open(root, Scope.CEPH);
        assertEquals(Optional.empty(), new OverlayTree(base, Map.of(), "patched").state());
    }

    private static void tar(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }
}

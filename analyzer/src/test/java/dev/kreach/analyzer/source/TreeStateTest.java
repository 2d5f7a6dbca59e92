package dev.kreach.analyzer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a tree says of its state: equal for equal contents, different after any change a scan could see. */
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

    private String state() {
        Optional<String> state = SourceTree.open(root, Scope.CEPH).state();
        assertTrue(state.isPresent());
        return state.get();
    }

    @Test
    void aDirectoryIsInTheSameStateUntilAFileChanges() throws IOException {
        String first = state();
        assertEquals(first, state(), "nothing changed");
        FileTime time = Files.getLastModifiedTime(root.resolve("fs/ceph/caps.c"));
        write("fs/ceph/caps.c", "void g(void) { }\n");
        Files.setLastModifiedTime(root.resolve("fs/ceph/caps.c"), time);
        assertEquals(first, state(), "same size, same time: taken as unchanged, as git's index takes it");
        Files.setLastModifiedTime(root.resolve("fs/ceph/caps.c"), FileTime.fromMillis(time.toMillis() + 1));
        String edited = state();
        assertNotEquals(first, edited, "a newer time");
        write("fs/ceph/caps.c", "void gg(void) { }\n");
        Files.setLastModifiedTime(root.resolve("fs/ceph/caps.c"), FileTime.fromMillis(time.toMillis() + 1));
        assertNotEquals(edited, state(), "another size");
    }

    @Test
    void filesOutsideTheScopeCountAndGitsOwnDirectoryDoesNot() throws IOException {
        String first = state();
        write("fs/ext4/Kconfig", "config EXT4_FS\n");
        String added = state();
        assertNotEquals(first, added, "a Kconfig outside the scope shapes the configuration");
        write(".git/index", "anything");
        assertEquals(added, state(), ".git changes with every commit, not the sources");
        Files.delete(root.resolve("fs/ext4/Kconfig"));
        assertEquals(first, state(), "removed again");
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

package dev.kreach.analyzer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {

    @Test
    void scopePrefixesAreNormalisedAndMatchWholeDirectories() {
        Scope scope = new Scope(List.of("./net/ceph/", "fs/ceph", "fs/ceph"));
        assertEquals(List.of("fs/ceph", "net/ceph"), scope.prefixes());
        assertTrue(scope.contains("fs/ceph/caps.c"));
        assertFalse(scope.contains("fs/cephfoo/caps.c"));
        assertTrue(new Scope(List.of(".")).contains("mm/truncate.c"));
        assertThrows(BadInputException.class, () -> new Scope(List.of()));
    }

    @Test
    void directoryTreeListsScopedFilesAndReadsTheKernelVersion(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("include/linux"));
        Files.createDirectories(root.resolve("fs/ceph"));
        Files.createDirectories(root.resolve("mm"));
        Files.writeString(root.resolve("Makefile"), "# SPDX\nVERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 117\nEXTRAVERSION =\n");
        Files.writeString(root.resolve("fs/ceph/b.c"), "");
        Files.writeString(root.resolve("fs/ceph/a.c"), "");
        Files.writeString(root.resolve("fs/ceph/super.h"), "");
        Files.writeString(root.resolve("mm/truncate.c"), "");
        SourceTree tree = SourceTree.open(root, Scope.CEPH);
        assertEquals(List.of("fs/ceph/a.c", "fs/ceph/b.c"), tree.cFiles(Scope.CEPH));
        assertEquals(List.of("fs/ceph/super.h"), tree.headers(Scope.CEPH));
        assertEquals(Optional.of("6.12.117"), tree.kernelVersion());
        assertTrue(tree.exists("include/linux"));
    }
}

package dev.kreach.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Writes the bundled demo tree to disk, so tests can damage a copy of a real-looking kernel tree. */
final class DemoTrees {
    private DemoTrees() {
    }

    /**
     * The least a scan takes for a kernel tree: a top-level Makefile naming Linux 6.12.0, include/linux/, and one
     * scoped file, fs/ceph/a.c, holding {@code source}.
     */
    static Path minimal(Path dir, String source) throws IOException {
        Files.createDirectories(dir.resolve("include/linux"));
        Files.createDirectories(dir.resolve("fs/ceph"));
        Files.writeString(dir.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n");
        Files.writeString(dir.resolve("fs/ceph/a.c"), source);
        return dir;
    }

    static Path copyTo(Path dir) throws IOException {
        String index = new String(resource("INDEX"), StandardCharsets.UTF_8);
        for (String line : index.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            Path target = dir.resolve(line);
            Files.createDirectories(target.getParent() == null ? dir : target.getParent());
            Files.write(target, resource(line));
        }
        return dir;
    }

    /**
     * Packs a directory as a kernel.org-style tarball with one top directory, "linux-demo/"; a symbolic link is
     * packed as a link entry, as tar does.
     */
    static Path tarXz(Path dir, Path tarball) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new XZCompressorOutputStream(Files.newOutputStream(tarball)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path file : files) {
                String name = "linux-demo/" + dir.relativize(file).toString().replace('\\', '/');
                if (Files.isSymbolicLink(file)) {
                    TarArchiveEntry link = new TarArchiveEntry(name, org.apache.commons.compress.archivers.tar
                            .TarConstants.LF_SYMLINK);
                    link.setLinkName(Files.readSymbolicLink(file).toString());
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                    continue;
                }
                TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), name);
                tar.putArchiveEntry(entry);
                Files.copy(file, tar);
                tar.closeArchiveEntry();
            }
        }
        return tarball;
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = DemoTrees.class.getResourceAsStream(TreeOptions.DEMO_ROOT + "/" + path)) {
            if (in == null) {
                throw new IOException("missing demo resource " + path);
            }
            return in.readAllBytes();
        }
    }
}

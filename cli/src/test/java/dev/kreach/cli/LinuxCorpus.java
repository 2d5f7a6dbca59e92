package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kreach.analyzer.ProgressListener;
import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.TreeScanner;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real corpus: Linux 6.12.117 from Debian's linux-source-6.12, read from its tarball in place. Scanned once per
 * test JVM. .ci/run installs the pinned package; a missing or different tarball fails with the command to fix it.
 */
final class LinuxCorpus {
    static final Path TARBALL = Path.of(System.getProperty("kreach.corpus", "/usr/src/linux-source-6.12.tar.xz"));
    static final String VERSION = "6.12.117";

    private static SourceTree tree;
    private static ScanResult scan;

    private LinuxCorpus() {
    }

    static synchronized ScanResult scan() {
        if (scan == null) {
            if (!Files.isRegularFile(TARBALL)) {
                fail(TARBALL + " is missing: run .ci/run, or apt-get install linux-source-6.12=6.12.117-1~deb12u1");
            }
            // As the command line opens it: with the files that define the modelled functions.
            tree = SourceTree.open(TARBALL, Scope.CEPH,
                    dev.kreach.analyzer.model.KernelModels.bundled().definitionFiles(), fraction -> { });
            String version = tree.kernelVersion().orElse("unknown");
            if (!version.equals(VERSION)) {
                fail(TARBALL + " holds Linux " + version + ", the tests pin " + VERSION
                        + ": apt-get install linux-source-6.12=6.12.117-1~deb12u1");
            }
            scan = new TreeScanner(ScanOptions.defaults(), ProgressListener.NONE).scan(tree);
        }
        return scan;
    }

    /** The tarball's contents, read once, for scans with other options. */
    static synchronized SourceTree tree() {
        scan();
        return tree;
    }
}

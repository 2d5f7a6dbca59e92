package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The out-of-tree build of Linux 6.12.117 fs/ceph and net/ceph that build-mode tests scan: made by bench/kbuild.sh
 * (which .ci/run runs first), and made here when it is missing, so that the README's test command works alone.
 */
final class KernelBuild {
    static final Path BASE = Path.of(System.getProperty("kreach.kbuild",
            System.getenv().getOrDefault("KREACH_KBUILD", "/tmp/kreach-kbuild-6.12.117")));
    static final Path SOURCE = BASE.resolve("linux-source-6.12");
    static final Path OBJ = BASE.resolve("obj");

    private KernelBuild() {
    }

    static synchronized void ensure() {
        if (Files.isRegularFile(BASE.resolve("done"))) {
            return;
        }
        Path script = Path.of("..", "bench", "kbuild.sh").toAbsolutePath().normalize();
        try {
            Process p = new ProcessBuilder(script.toString(), BASE.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                fail(script + " failed (needs build-essential flex bison bc libelf-dev libssl-dev; .ci/run installs "
                        + "them):\n" + out);
            }
        } catch (IOException e) {
            fail("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}

package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kreach killed while it fills the facts cache (SIGKILL: no shutdown hook, no finally) leaves a cache the next run
 * uses without harm: the same findings, byte for byte, as a run without any cache.
 */
class CacheSurvivesKillTest {

    @Test
    void aScanKilledHalfWayLeavesAUsableCache(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        String tarball = LinuxCorpus.TARBALL.toString();
        ProcessBuilder builder = KreachProcess.builder(java.util.List.of(), java.util.Map.of(), "stats", tarball,
                "--cache", cache.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile());
        Process victim = builder.start();
        int entries = 0;
        // Kill it as soon as the parse threads have stored a few entries: mid-parse, mid-write.
        while (victim.isAlive() && (entries = entries(cache)) < 5) {
            Thread.sleep(5);
        }
        victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(entries >= 5, "the run ended before it could be killed: " + Files.readString(tmp.resolve("killed.log")));
        int left = entries(cache);

        Cli uncached = Cli.run("scan", tarball, "--no-cache", "--format", "sarif");
        Cli resumed = Cli.run("scan", tarball, "--cache", cache.toString(), "--format", "sarif");
        assertEquals(ExitCodes.NEGATIVE, resumed.exit(), resumed.err());
        assertEquals(uncached.out(), resumed.out());
        assertTrue(left < entries(cache), left + " entries when killed: the run had finished");
        Cli warm = Cli.run("stats", tarball, "--cache", cache.toString());
        assertTrue(warm.out().contains(" 0 parsed"), warm.out());
    }

    private static int entries(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(cache)) {
            return (int) walk.filter(p -> p.toString().endsWith(".facts")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0;   // a directory appeared or vanished while walking
        }
    }
}

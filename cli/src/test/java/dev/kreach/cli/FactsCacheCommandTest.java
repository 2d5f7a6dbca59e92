package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --cache and --no-cache: a second scan of an unchanged tree parses nothing and answers the same. */
class FactsCacheCommandTest {
    private static final Pattern CACHE_LINE = Pattern.compile("(?m)^cache +([0-9,]+) files from the cache, "
            + "([0-9,]+) parsed");

    private static int[] cacheCounts(Cli stats) {
        Matcher m = CACHE_LINE.matcher(stats.out());
        assertTrue(m.find(), stats.out());
        return new int[] {Integer.parseInt(m.group(1).replace(",", "")), Integer.parseInt(m.group(2).replace(",", ""))};
    }

    @Test
    void aWarmCacheParsesNothingAndChangesNoFinding(@TempDir Path tmp) throws IOException {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        String cache = tmp.resolve("cache").toString();
        Cli cold = Cli.run("stats", tree.toString(), "--cache", cache);
        assertEquals(ExitCodes.OK, cold.exit(), cold.err());
        int[] first = cacheCounts(cold);
        assertEquals(0, first[0], cold.out());
        assertTrue(first[1] > 5, cold.out());
        Cli warm = Cli.run("stats", tree.toString(), "--cache", cache);
        assertEquals(List.of(first[1], 0), List.of(cacheCounts(warm)[0], cacheCounts(warm)[1]), warm.out());

        Cli uncached = Cli.run("scan", tree.toString(), "--no-cache", "--format", "sarif");
        Cli cached = Cli.run("scan", tree.toString(), "--cache", cache, "--format", "sarif");
        assertEquals(ExitCodes.NEGATIVE, uncached.exit(), uncached.err());
        assertEquals(uncached.out(), cached.out());
    }

    @Test
    void anEditedFileIsParsedAgainAndOnlyIt(@TempDir Path tmp) throws IOException {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        String cache = tmp.resolve("cache").toString();
        assertEquals(ExitCodes.OK, Cli.run("stats", tree.toString(), "--cache", cache).exit());
        Path addr = tree.resolve("fs/ceph/addr.c");
        Files.writeString(addr, Files.readString(addr) + "\nstatic void added_later(void) { }\n");
        Cli again = Cli.run("stats", tree.toString(), "--cache", cache);
        assertEquals(1, cacheCounts(again)[1], again.out());
    }

    @Test
    void noCacheWritesNothing(@TempDir Path tmp) throws IOException {
        Path tree = DemoTrees.copyTo(tmp.resolve("tree"));
        Cli cli = Cli.run("stats", tree.toString(), "--no-cache");
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        assertTrue(cli.out().contains("cache      off (--no-cache)"), cli.out());
        try (Stream<Path> files = Files.walk(tmp)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".facts")));
        }
    }

    @Test
    void aCacheThatIsAFileOrContradictedIsOneLine(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Cli notDir = Cli.run("stats", "--cache", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, notDir.exit());
        assertEquals("kreach: --cache " + file + ": not a directory\n", notDir.err());
        Cli both = Cli.run("stats", "--cache", tmp.toString(), "--no-cache");
        assertEquals(ExitCodes.BAD_INPUT, both.exit());
        assertEquals("kreach: --cache and --no-cache contradict each other\n", both.err());
    }
}

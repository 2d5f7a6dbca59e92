package dev.kreach.analyzer.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.KernelParser;
import dev.kreach.analyzer.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached facts are the parser's facts exactly; a damaged, foreign or half-written entry is a miss, never misread. */
class FactsCacheTest {
    /** Every kind of fact: includes, a struct layout, statics, an ops table, field, parameter and unresolvable calls,
     * arguments of each kind, a problem inside a function and one at file scope, non-ASCII text. */
    private static final String SOURCE = """
            #include <linux/fs.h>
            #include "super.h"
            struct demo_ops { void (*run)(struct inode *); };
            struct demo { struct demo_ops *ops; struct work_struct work; };
            static void demo_run(struct inode *inode);
            static const struct demo_ops demo_ops = { .run = demo_run, };
            struct inode *demo_inode(struct demo *d);
            static void demo_run(struct inode *inode)
            {
            	iput(inode); /* « the last reference » */
            }
            static void call_back(void (*cb)(struct inode *), struct inode *inode)
            {
            	cb(inode);
            }
            void demo_start(struct demo *d, struct inode *inode)
            {
            	void (*local)(struct inode *) = demo_run;
            	d->ops->run(inode);
            	call_back(demo_run, inode);
            	INIT_WORK(&d->work, NULL);
            	local(inode);
            	d = (d +;
            }
            int broken = ;
            """;

    private static FileFacts parsed;

    @BeforeAll
    static void parse() throws Exception {
        parsed = new KernelParser(KernelConfig.allEnabled())
                .parse(new SourceFile("fs/demo/demo.c", SOURCE.getBytes(StandardCharsets.UTF_8)));
        // The fixture must exercise what the codec writes, or the round trip proves little.
        assertFalse(parsed.calls().isEmpty());
        assertFalse(parsed.bindings().isEmpty());
        assertFalse(parsed.structs().isEmpty());
        assertFalse(parsed.includes().isEmpty());
        assertTrue(parsed.problems().stream().anyMatch(p -> p.function() == null), parsed.problems().toString());
        assertTrue(parsed.problems().stream().anyMatch(p -> p.function() != null), parsed.problems().toString());
    }

    private static String key() {
        return FactsCache.key(parsed.path(), parsed.sha256(), "full", KernelConfig.allEnabled().fingerprint());
    }

    @Test
    void storedFactsComeBackEqual(@TempDir Path root) {
        FactsCache cache = FactsCache.open(root, "kreach-test-1");
        assertEquals(Optional.empty(), cache.get(key()));
        cache.put(key(), parsed);
        assertEquals(Optional.of(parsed), FactsCache.open(root, "kreach-test-1").get(key()));
        assertEquals(0, cache.writeFailures());
    }

    @Test
    void anotherBuildsEntriesAreIgnored(@TempDir Path root) throws IOException {
        FactsCache.open(root, "kreach-test-1").put(key(), parsed);
        FactsCache other = FactsCache.open(root, "kreach-test-2");
        assertEquals(Optional.empty(), other.get(key()));
        assertEquals(1, other.misses());
        // Even an entry copied under the other build's directory is refused: it names the build that wrote it.
        Path entry = entries(FactsCache.open(root, "kreach-test-1").directory()).get(0);
        Path copied = other.directory().resolve(FactsCache.open(root, "kreach-test-1").directory().relativize(entry));
        Files.createDirectories(copied.getParent());
        Files.copy(entry, copied);
        assertEquals(Optional.empty(), other.get(key()));
    }

    @Test
    void aKeyOfOtherContentOrConfigurationMisses(@TempDir Path root) {
        FactsCache cache = FactsCache.open(root, "kreach-test-1");
        cache.put(key(), parsed);
        assertEquals(Optional.empty(), cache.get(FactsCache.key(parsed.path(), "0".repeat(64), "full",
                KernelConfig.allEnabled().fingerprint())));
        assertEquals(Optional.empty(), cache.get(FactsCache.key(parsed.path(), parsed.sha256(), "declarations",
                KernelConfig.allEnabled().fingerprint())));
    }

    @Test
    void aTruncatedEntryOrALeftoverTemporaryFileIsAMissAndIsRepaired(@TempDir Path root) throws IOException {
        FactsCache cache = FactsCache.open(root, "kreach-test-1");
        cache.put(key(), parsed);
        Path entry = entries(cache.directory()).get(0);
        byte[] whole = Files.readAllBytes(entry);
        // What a killed writer could leave if it wrote in place: the first part of an entry.
        for (int cut : new int[] {0, 3, 20, whole.length / 2, whole.length - 1}) {
            Files.write(entry, java.util.Arrays.copyOf(whole, cut));
            assertEquals(Optional.empty(), cache.get(key()), "cut at " + cut);
        }
        // What a killed writer does leave: a temporary file beside the entries, which readers never look at.
        Files.write(entry.resolveSibling(".entry123.tmp"), java.util.Arrays.copyOf(whole, 10));
        cache.put(key(), parsed);
        assertEquals(Optional.of(parsed), cache.get(key()));
        // Bytes appended after a whole entry are damage too.
        Files.write(entry, whole);
        Files.write(entry, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Optional.empty(), cache.get(key()));
    }

    /** Damage that would still decode is caught by the entry's checksum: every single flipped bit is a miss. */
    @Test
    void everyFlippedBitOfAnEntryIsAMiss(@TempDir Path root) throws IOException {
        FactsCache cache = FactsCache.open(root, "kreach-test-1");
        cache.put(key(), parsed);
        Path entry = entries(cache.directory()).get(0);
        byte[] whole = Files.readAllBytes(entry);
        for (int bit = 0; bit < whole.length * 8; bit++) {
            byte[] damaged = whole.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(entry, damaged);
            assertEquals(Optional.empty(), cache.get(key()), "bit " + bit);
        }
        assertEquals(whole.length * 8, cache.misses());
        Files.write(entry, whole);
        assertEquals(Optional.of(parsed), cache.get(key()));
    }

    /** A count far beyond the bytes left is damage, refused before anything is allocated for it. */
    @Test
    void aHugeCountIsDamageNotAnAllocation() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        // path "a" (string 1, length 1), 0 lines, a length of 0, no hash, then 2^31-1 functions.
        bytes.writeBytes(new byte[] {1, 1, 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        bytes.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        IOException damage = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> FactsCodec.read(java.nio.ByteBuffer.wrap(bytes.toByteArray())));
        assertEquals("bad count 2147483647", damage.getMessage());
    }

    /** A FIFO in an entry's place is a miss at once: the cache never opens what is not a regular file. */
    @Test
    void aFifoInPlaceOfAnEntryIsAMissWithoutBlocking(@TempDir Path root) throws Exception {
        FactsCache cache = FactsCache.open(root, "kreach-test-1");
        cache.put(key(), parsed);
        Path entry = entries(cache.directory()).get(0);
        Files.delete(entry);
        Process mkfifo = new ProcessBuilder("mkfifo", entry.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertEquals(Optional.empty(), cache.get(key())));
        cache.put(key(), parsed);
        assertEquals(Optional.of(parsed), cache.get(key()));
    }

    @Test
    void anUnwritableCacheCostsOnlySpeed(@TempDir Path root) throws IOException {
        Path file = root.resolve("not-a-directory");
        Files.writeString(file, "x");
        FactsCache cache = FactsCache.open(file, "kreach-test-1");
        cache.put(key(), parsed);
        assertEquals(1, cache.writeFailures());
        assertEquals(Optional.empty(), cache.get(key()));
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(p -> p.toString().endsWith(".facts")).sorted().toList();
        }
    }
}

package dev.kreach.analyzer.saved;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved analyses: found as written, else refused with the reason, never misread. */
class SavedAnalysesTest {
    private static final String KEY = "findings of a base\ndirectory 1234\nscope [fs/ceph]";

    @TempDir
    Path root;

    private final byte[] payload = "the findings".getBytes(StandardCharsets.UTF_8);

    private SavedAnalyses store() {
        return SavedAnalyses.open(root, "kreach-1.0+abc");
    }

    private static byte[] bytes(SavedAnalyses.Lookup lookup) {
        ByteBuffer found = assertInstanceOf(SavedAnalyses.Found.class, lookup).payload();
        byte[] out = new byte[found.remaining()];
        found.get(out);
        return out;
    }

    private String reason(SavedAnalyses.Lookup lookup) {
        return assertInstanceOf(SavedAnalyses.Unusable.class, lookup).reason();
    }

    @Test
    void whatIsSavedIsFoundUnderItsKeyBesideTheFactsCache() throws IOException {
        assertEquals("no saved analysis", reason(store().get(KEY)));
        store().put(KEY, payload);
        assertArrayEquals(payload, bytes(store().get(KEY)));
        assertTrue(store().entry(KEY).startsWith(root.resolve("analyses")));
        store().put(KEY, new byte[0]);
        assertArrayEquals(new byte[0], bytes(store().get(KEY)), "replaced");
        try (var left = Files.list(root.resolve("analyses"))) {
            assertEquals(1, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void damageIsRefusedWithItsReason() throws IOException {
        store().put(KEY, payload);
        Path entry = store().entry(KEY);
        byte[] good = Files.readAllBytes(entry);
        byte[] flipped = good.clone();
        flipped[flipped.length - 8] ^= 1;
        Files.write(entry, flipped);
        assertEquals("the saved analysis is damaged (checksum)", reason(store().get(KEY)));
        Files.write(entry, java.util.Arrays.copyOf(good, good.length / 2));
        assertEquals("the saved analysis is damaged (checksum)", reason(store().get(KEY)));
        Files.write(entry, java.util.Arrays.copyOf(good, 6));
        assertEquals("the saved analysis is truncated", reason(store().get(KEY)));
        Files.writeString(entry, "not an analysis at all, but long enough");
        assertEquals(entry + " is not a saved analysis", reason(store().get(KEY)));
        Files.delete(entry);
        Files.createDirectory(entry);
        assertEquals("the saved analysis " + entry + " is not a regular file", reason(store().get(KEY)));
    }

    @Test
    void anotherBuildsOrAnotherKeysEntryIsNotTaken() throws IOException {
        SavedAnalyses.open(root, "kreach-0.9+old").put(KEY, payload);
        assertEquals("the saved analysis is of another kreach build (kreach-0.9+old)", reason(store().get(KEY)));
        String other = KEY.replace("1234", "5678");
        store().put(other, payload);
        Files.copy(store().entry(other), store().entry(KEY), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("the saved analysis is of another tree or other options", reason(store().get(KEY)));
    }

    @Test
    void parallelWritersLeaveOneWholeEntry() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                byte[] mine = ("writer " + i + " ").repeat(10_000).getBytes(StandardCharsets.UTF_8);
                writes.add(pool.submit(() -> {
                    store().put(KEY, mine);
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String found = new String(bytes(store().get(KEY)), StandardCharsets.UTF_8);
        String first = found.substring(0, found.indexOf(' ', "writer ".length()) + 1);
        assertTrue(first.matches("writer \\d+ "), first);
        assertEquals(first.repeat(10_000), found, "one writer's whole entry");
    }
}

package dev.kreach.analyzer.cache;

import dev.kreach.analyzer.Sha256;
import dev.kreach.analyzer.facts.FileFacts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Facts of parsed files on disk, keyed by what determines them: the file's path and content hash, how it was parsed
 * and under which configuration. One file per entry, written to a temporary name and renamed into place, so a run
 * killed half way leaves whole entries or none; an entry that is damaged anyway (its CRC-32C, over the whole entry,
 * does not match; a count exceeds the bytes left; it is not a regular file), or was written by another kreach
 * build, is a miss, never misread. Entries live under a directory named after the build that wrote them.
 */
public final class FactsCache {
    private static final int MAGIC = 0x4B524643; // "KRFC"

    /** No entry is this large (the facts of the largest header are a few MiB): a larger one is damage, a miss. */
    private static final long ENTRY_BUDGET = 256L * 1024 * 1024;

    private final Path directory;
    private final String producer;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();
    private final AtomicInteger writeFailures = new AtomicInteger();

    private FactsCache(Path directory, String producer) {
        this.directory = directory;
        this.producer = producer;
    }

    /** The cache of this kreach build under {@code root} (created on first write). */
    public static FactsCache open(Path root) {
        return open(root, thisBuild());
    }

    /** The cache that {@code producer} (a kreach build's identity) reads and writes under {@code root}. */
    public static FactsCache open(Path root, String producer) {
        return new FactsCache(root.resolve("facts").resolve(safe(producer)), producer);
    }

    /** The same cache with counts of its own, for another kind of entry whose hits are not the facts'. */
    public FactsCache withOwnCounts() {
        return new FactsCache(directory, producer);
    }

    /** {@code $XDG_CACHE_HOME/kreach}, else {@code ~/.cache/kreach}. */
    public static Path defaultRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("kreach");
    }

    /**
     * This build's identity as a producer of facts: the version and a hash of the code that makes facts (the
     * parse, facts and cache packages, with the prelude). A rebuilt parser never reads its predecessor's facts,
     * while a change to the rules or the graph keeps the cache.
     */
    public static String thisBuild() {
        return version() + "+" + FactsCode.fingerprint();
    }

    /** kreach's version, as the build wrote it. */
    public static String version() {
        Properties build = new Properties();
        try (InputStream in = FactsCache.class.getResourceAsStream("kreach-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build.getProperty("version", "unknown");
    }

    /**
     * The key of one file's facts: its path (facts name it), its content hash, the parse mode (whole file or
     * declarations only) and the configuration's fingerprint.
     */
    public static String key(String path, String sha256, String mode, String configuration) {
        return path + "\n" + sha256 + "\n" + mode + "\n" + configuration;
    }

    /** How one kind of entry is written and read; a damaged entry is an {@link IOException} from {@code read}. */
    public interface Codec<T> {
        int magic();

        int format();

        void write(T value, DataOutputStream out) throws IOException;

        T read(ByteBuffer in) throws IOException;
    }

    /** A file's facts. */
    private static final Codec<FileFacts> FACTS = new Codec<>() {
        @Override
        public int magic() {
            return MAGIC;
        }

        @Override
        public int format() {
            return FactsCodec.FORMAT;
        }

        @Override
        public void write(FileFacts value, DataOutputStream out) throws IOException {
            FactsCodec.write(value, out);
        }

        @Override
        public FileFacts read(ByteBuffer in) throws IOException {
            return FactsCodec.read(in);
        }
    };

    public Optional<FileFacts> get(String key) {
        return get(key, FACTS);
    }

    public void put(String key, FileFacts facts) {
        put(key, facts, FACTS);
    }

    /** The entry under {@code key} as {@code codec} reads it; empty when absent, of another kind or damaged. */
    public <T> Optional<T> get(String key, Codec<T> codec) {
        Path entry = entry(key);
        try {
            // Only a regular file is opened: a FIFO or device put in an entry's place must not block the scan.
            java.nio.file.attribute.BasicFileAttributes attributes = Files.readAttributes(entry,
                    java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || attributes.size() > ENTRY_BUDGET) {
                misses.incrementAndGet();
                return Optional.empty();
            }
            // Whole entries are small (a few KB): one read, then decoding from the buffer.
            byte[] bytes = Files.readAllBytes(entry);
            if (bytes.length < 12 || checksum(bytes, bytes.length - 4)
                    != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
                // Damage that would still decode (a flipped bit in a name, a hand edit) is caught here.
                misses.incrementAndGet();
                return Optional.empty();
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
            if (in.remaining() < 8 || in.getInt() != codec.magic() || in.getInt() != codec.format()
                    || !text(in).equals(producer) || !text(in).equals(key)) {
                misses.incrementAndGet();
                return Optional.empty();
            }
            T value;
            try {
                value = codec.read(in);
            } catch (java.nio.BufferUnderflowException e) {
                throw new java.io.EOFException("truncated entry");
            }
            if (in.hasRemaining()) {
                throw new IOException("trailing bytes");
            }
            hits.incrementAndGet();
            return Optional.of(value);
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // Damaged (a disk error, a hand edit): parse again and let put() replace it.
            misses.incrementAndGet();
            return Optional.empty();
        }
    }

    /** Stores an entry; a cache that cannot be written costs only speed, so failures are counted, not thrown. */
    public <T> void put(String key, T value, Codec<T> codec) {
        Path entry = entry(key);
        Path temporary = null;
        try {
            Files.createDirectories(entry.getParent());
            temporary = Files.createTempFile(entry.getParent(), ".entry", ".tmp");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(codec.magic());
                out.writeInt(codec.format());
                writeText(out, producer);
                writeText(out, key);
                codec.write(value, out);
            }
            byte[] payload = bytes.toByteArray();
            Files.write(temporary, ByteBuffer.allocate(payload.length + 4).put(payload)
                    .putInt(checksum(payload, payload.length)).array());
            dev.kreach.analyzer.AtomicFiles.moveIntoPlace(temporary, entry);
            temporary = null;
        } catch (IOException | RuntimeException e) {
            writeFailures.incrementAndGet();
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Left for the next run to overwrite; readers never look at temporary names.
                }
            }
        }
    }

    /** The CRC-32C of an entry's first {@code length} bytes, written after them. */
    private static int checksum(byte[] bytes, int length) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** A length-prefixed UTF-8 string of the entry header. */
    private static void writeText(DataOutputStream out, String s) throws IOException {
        dev.kreach.analyzer.LengthPrefixed.write(out, s);
    }

    private static String text(ByteBuffer in) throws IOException {
        return dev.kreach.analyzer.LengthPrefixed.read(in);
    }

    public Path directory() {
        return directory;
    }

    public int hits() {
        return hits.get();
    }

    public int misses() {
        return misses.get();
    }

    public int writeFailures() {
        return writeFailures.get();
    }

    private Path entry(String key) {
        String hash = Sha256.hex(key);
        return directory.resolve(hash.substring(0, 2)).resolve(hash.substring(2) + ".facts");
    }

    private static String safe(String producer) {
        return producer.replaceAll("[^A-Za-z0-9._+-]", "_");
    }
}

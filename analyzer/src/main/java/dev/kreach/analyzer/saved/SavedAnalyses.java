package dev.kreach.analyzer.saved;

import dev.kreach.analyzer.LengthPrefixed;
import dev.kreach.analyzer.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32C;

/**
 * Analyses of whole trees kept between runs, beside the facts cache ({@code analyses/} under the same root): one
 * file per key, the key naming everything the analysis was computed from (the tree's state, the options, the
 * rule pack). An entry holds its producer (the kreach build that wrote it), its key and a payload, with a CRC-32C
 * over all of it; it is written to a temporary name and renamed into place, so parallel runs and a run killed half
 * way leave whole entries or none. A lookup that cannot use what it finds says why in one line
 * ({@link Unusable}), so the caller can note it and compute the analysis again; nothing is ever misread.
 */
public final class SavedAnalyses {
    private static final int MAGIC = 0x4B525341; // "KRSA"
    private static final int FORMAT = 1;
    /** No saved analysis is this large: a larger file is damage. */
    private static final long ENTRY_BUDGET = 1L << 30;

    private final Path directory;
    private final String producer;

    private SavedAnalyses(Path directory, String producer) {
        this.directory = directory;
        this.producer = producer;
    }

    /** The analyses under {@code root} (the facts cache's root) that {@code producer} reads and writes. */
    public static SavedAnalyses open(Path root, String producer) {
        return new SavedAnalyses(root.resolve("analyses"), producer);
    }

    /** What a lookup found. */
    public sealed interface Lookup permits Found, Unusable {
    }

    /** The payload saved under the key. */
    public record Found(ByteBuffer payload) implements Lookup {
    }

    /** Why nothing usable is saved under the key, in words for a one-line note. */
    public record Unusable(String reason) implements Lookup {
    }

    public Lookup get(String key) {
        Path entry = entry(key);
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return new Unusable("the saved analysis " + entry + " is not a regular file");
            }
            if (attributes.size() > ENTRY_BUDGET) {
                return new Unusable("the saved analysis is damaged (" + attributes.size() + " bytes)");
            }
            bytes = Files.readAllBytes(entry);
        } catch (NoSuchFileException e) {
            return new Unusable("no saved analysis");
        } catch (IOException e) {
            return new Unusable("the saved analysis cannot be read: " + e.getMessage());
        }
        if (bytes.length < 12) {
            return new Unusable("the saved analysis is truncated");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC) {
            return new Unusable(entry + " is not a saved analysis");
        }
        if (checksum(bytes, bytes.length - 4) != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            return new Unusable("the saved analysis is damaged (checksum)");
        }
        in.limit(bytes.length - 4);
        try {
            int format = in.getInt();
            if (format != FORMAT) {
                return new Unusable("the saved analysis is of another format (" + format + ")");
            }
            String writer = text(in);
            if (!writer.equals(producer)) {
                return new Unusable("the saved analysis is of another kreach build (" + writer + ")");
            }
            if (!text(in).equals(key)) {
                return new Unusable("the saved analysis is of another tree or other options");
            }
            return new Found(in.slice());
        } catch (IOException | RuntimeException e) {
            return new Unusable("the saved analysis is damaged (" + e.getMessage() + ")");
        }
    }

    /**
     * Saves {@code payload} under {@code key}, replacing what was there.
     *
     * @throws IOException when it cannot be written; nothing is left under the key's name then but the old entry
     */
    public void put(String key, byte[] payload) throws IOException {
        Path entry = entry(key);
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".analysis", ".tmp");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 512);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                writeText(out, producer);
                writeText(out, key);
                out.write(payload);
            }
            byte[] body = bytes.toByteArray();
            Files.write(temporary, ByteBuffer.allocate(body.length + 4).put(body).putInt(checksum(body, body.length))
                    .array());
            dev.kreach.analyzer.AtomicFiles.moveIntoPlace(temporary, entry);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Where the entry of {@code key} lives. */
    public Path entry(String key) {
        return directory.resolve(Sha256.hex(key) + ".analysis");
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        LengthPrefixed.write(out, s);
    }

    private static String text(ByteBuffer in) throws IOException {
        return LengthPrefixed.read(in);
    }
}

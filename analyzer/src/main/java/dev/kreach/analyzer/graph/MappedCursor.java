package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.FactParts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a saved graph's record where it lies, with absolute gets: the mapping's own position is never moved, so
 * threads share one mapping. Numbers, strings (by number in the graph's table) and texts as
 * {@link SavedIncrementalGraph} writes them.
 */
final class MappedCursor implements FactParts.In {
    private final ByteBuffer bytes;
    /** The saved graph's strings by number, less one (number 0 is null, not in the table). */
    private final String[] strings;
    private int at;
    /** Where the part being read ends: no count may reach past it. */
    private final int end;

    MappedCursor(ByteBuffer bytes, String[] strings, int at) {
        this(bytes, strings, at, bytes.limit());
    }

    MappedCursor(ByteBuffer bytes, String[] strings, int at, int end) {
        this.bytes = bytes;
        this.strings = strings;
        this.at = at;
        this.end = end;
    }

    int position() {
        return at;
    }

    /** Passes over {@code n} bytes (a record read later, where it lies). */
    void skip(int n) throws IOException {
        if (n < 0 || n > end - at) {
            throw new IOException("a record of " + n + " bytes beyond the bytes left");
        }
        at += n;
    }

    /** The next {@code n} bytes as they are. */
    byte[] bytes(int n) throws IOException {
        if (n > end - at) {
            throw new IOException(n + " bytes beyond the bytes left");
        }
        byte[] out = new byte[n];
        bytes.get(at, out);
        at += n;
        return out;
    }

    @Override
    public int kind() {
        return bytes.get(at++) & 0xFF;
    }

    @Override
    public int number() throws IOException {
        int n = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = bytes.get(at++);
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return n;
            }
        }
        throw new IOException("malformed number");
    }

    @Override
    public int count() throws IOException {
        int n = number();
        if (n > end - at) {
            throw new IOException("a count of " + n + " beyond the bytes left");
        }
        return n;
    }

    @Override
    public String string() throws IOException {
        int id = number();
        if (id > strings.length) {
            throw new IOException("string " + id + " of " + strings.length);
        }
        return id == 0 ? null : strings[id - 1];
    }

    @Override
    public String text() throws IOException {
        return new String(bytes(count()), StandardCharsets.UTF_8);
    }
}

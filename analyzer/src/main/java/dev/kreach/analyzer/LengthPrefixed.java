package dev.kreach.analyzer;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Strings in what kreach saves between runs: the UTF-8 length as an int ({@code -1} for null), then the bytes. A
 * length beyond the bytes left is damage, an {@link IOException}, never a huge allocation.
 */
public final class LengthPrefixed {
    private LengthPrefixed() {
    }

    /** Writes {@code s}, which may be null. */
    public static void write(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** A string written by {@link #write}, or null where null was written. */
    public static String readNullable(ByteBuffer in) throws IOException {
        if (in.remaining() < 4) {
            throw new IOException("a string's length missing");
        }
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IOException("a string of " + length + " bytes beyond the bytes left");
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A string written by {@link #write} where null cannot have been: a null is damage too. */
    public static String read(ByteBuffer in) throws IOException {
        String s = readNullable(in);
        if (s == null) {
            throw new IOException("a null where a string must be");
        }
        return s;
    }

    /** A count of things each at least {@code least} bytes long: more than the bytes left can hold is damage. */
    public static int count(ByteBuffer in, int least) throws IOException {
        try {
            int n = in.getInt();
            if (n < 0 || (long) n * least > in.remaining()) {
                throw new IOException("a count of " + n + " beyond the bytes left");
            }
            return n;
        } catch (BufferUnderflowException e) {
            throw new IOException("a count missing", e);
        }
    }
}

package dev.kreach.analyzer.cache;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.FactParts;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of one file's facts in the cache. Every string is written once per file and referred to by number
 * afterwards (a file's facts repeat its path, its function names and field names many times), and decoded strings are
 * interned, so a whole tree loaded from the cache shares one copy of each name. The layout is {@link FactParts#facts}';
 * {@link #FORMAT} changes whenever it does.
 */
final class FactsCodec {
    /** Bumped with every change of the layout below; entries of another format are never read. */
    static final int FORMAT = 4;

    private FactsCodec() {
    }

    static void write(FileFacts facts, DataOutputStream out) throws IOException {
        new Writer(out).facts(facts);
    }

    /** Reads facts from {@code in}'s position; a damaged entry is an {@link IOException}. */
    static FileFacts read(ByteBuffer in) throws IOException {
        try {
            return new Reader(in).facts();
        } catch (BufferUnderflowException e) {
            throw new java.io.EOFException("truncated entry");
        }
    }

    private static final class Writer implements FactParts.Out {
        private final DataOutputStream out;
        private final Map<String, Integer> strings = new HashMap<>();

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void facts(FileFacts f) throws IOException {
            FactParts.facts(this, f, true);
        }

        @Override
        public void kind(int kind) throws IOException {
            out.writeByte(kind);
        }

        /**
         * A string's number, followed by the string itself the first time it is written; 0 stands for null (a
         * problem at file scope has no function).
         */
        @Override
        public void string(String s) throws IOException {
            if (s == null) {
                number(0);
                return;
            }
            Integer known = strings.get(s);
            if (known != null) {
                number(known);
                return;
            }
            int id = strings.size() + 1;
            strings.put(s, id);
            number(id);
            byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            number(utf8.length);
            out.write(utf8);
        }

        /** Unsigned LEB128: most numbers here (lines, columns, string numbers, sizes) fit one or two bytes. */
        @Override
        public void number(int n) throws IOException {
            FactParts.number(out, n);
        }
    }

    /** Reads from a buffer holding the whole entry: no stream, no lock, no copy per byte. */
    private static final class Reader implements FactParts.In {
        private final ByteBuffer in;
        private final List<String> strings = new ArrayList<>();

        Reader(ByteBuffer in) {
            this.in = in;
        }

        private int readUnsignedByte() {
            return in.get() & 0xFF;
        }

        FileFacts facts() throws IOException {
            return FactParts.facts(this, true);
        }

        @Override
        public int kind() {
            return readUnsignedByte();
        }

        @Override
        public String string() throws IOException {
            int id = number();
            if (id == 0) {
                return null;
            }
            if (id <= strings.size()) {
                return strings.get(id - 1);
            }
            if (id != strings.size() + 1) {
                throw new IOException("string number " + id + " out of sequence");
            }
            int length = count();
            byte[] utf8 = new byte[length];
            in.get(utf8);
            String s = new String(utf8, java.nio.charset.StandardCharsets.UTF_8).intern();
            strings.add(s);
            return s;
        }

        /**
         * An element count or a length: each element takes a byte at least, so a count beyond the bytes left is
         * damage, refused before it can ask for gigabytes.
         */
        @Override
        public int count() throws IOException {
            int n = number();
            if (n < 0 || n > in.remaining()) {
                throw new IOException("bad count " + n);
            }
            return n;
        }

        @Override
        public int number() throws IOException {
            return FactParts.number(this::readUnsignedByte);
        }
    }
}

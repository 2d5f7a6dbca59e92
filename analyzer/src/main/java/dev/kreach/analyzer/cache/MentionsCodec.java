package dev.kreach.analyzer.cache;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The scope files that name a word, as {@link dev.kreach.analyzer.body.FunctionBodies#mentioning} found them: kept
 * under a key made of the word and a digest of every scope file's content, so that a scan of an unchanged scope
 * does not search its text again.
 */
public final class MentionsCodec implements FactsCache.Codec<List<String>> {
    static final int FORMAT = 1;
    private static final int MAGIC = 0x4B524D4E; // "KRMN"

    public static final MentionsCodec CODEC = new MentionsCodec();

    private MentionsCodec() {
    }

    @Override
    public int magic() {
        return MAGIC;
    }

    @Override
    public int format() {
        return FORMAT;
    }

    @Override
    public void write(List<String> files, DataOutputStream out) throws IOException {
        out.writeInt(files.size());
        for (String file : files) {
            byte[] utf8 = file.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    @Override
    public List<String> read(ByteBuffer in) throws IOException {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 4) {
            throw new IOException("bad count");
        }
        List<String> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IOException("bad string length");
            }
            byte[] utf8 = new byte[length];
            in.get(utf8);
            files.add(new String(utf8, StandardCharsets.UTF_8));
        }
        if (in.hasRemaining()) {
            throw new IOException("trailing bytes");
        }
        return List.copyOf(files);
    }
}

package dev.kreach.analyzer.kbuild;

import dev.kreach.analyzer.LengthPrefixed;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * kbuild's view of a tree as bytes and back, for an analysis saved between runs: the Kconfig defaults (every set
 * symbol in evaluation order, the notes, how many passes they took) and the kernel's file list with each file's
 * condition. What is read back equals what was written. Damage (a count beyond the bytes left, bytes left over)
 * is an {@link IOException}.
 */
public final class KbuildCodec {
    private KbuildCodec() {
    }

    /** kbuild's view: the Kconfig defaults when the configuration came from them, and its evaluation. */
    public record View(Optional<DefaultConfiguration> defaults, KernelBuild build) {
    }

    public static byte[] write(View view) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(view.defaults().isPresent());
            if (view.defaults().isPresent()) {
                DefaultConfiguration d = view.defaults().get();
                out.writeInt(d.values().size());
                for (Map.Entry<String, String> e : d.values().entrySet()) {
                    text(out, e.getKey());
                    text(out, e.getValue());
                }
                notes(out, d.notes());
                out.writeInt(d.passes());
                out.writeBoolean(d.settled());
            }
            KernelBuild k = view.build();
            text(out, k.arch());
            out.writeBoolean(k.fromKbuild());
            conditions(out, k.files());
            conditions(out, k.disabled());
            notes(out, k.notes());
            out.writeInt(k.guessedDirectories().size());
            for (String dir : new TreeSet<>(k.guessedDirectories())) {
                text(out, dir);
            }
            out.writeInt(k.makefiles());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static View read(ByteBuffer in) throws IOException {
        try {
            Optional<DefaultConfiguration> defaults = Optional.empty();
            if (in.get() != 0) {
                int n = count(in, 8);
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    values.put(text(in), text(in));
                }
                List<KbuildNote> notes = notes(in);
                int passes = in.getInt();
                defaults = Optional.of(DefaultConfiguration.restored(values, notes, passes, in.get() != 0));
            }
            String arch = text(in);
            boolean fromKbuild = in.get() != 0;
            Map<String, Condition> files = conditions(in);
            Map<String, Condition> disabled = conditions(in);
            List<KbuildNote> notes = notes(in);
            int n = count(in, 4);
            Set<String> guessed = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                guessed.add(text(in));
            }
            KernelBuild build = new KernelBuild(arch, fromKbuild, files, disabled, notes, guessed, in.getInt());
            if (in.hasRemaining()) {
                throw new IOException("bytes after kbuild's view");
            }
            return new View(defaults, build);
        } catch (BufferUnderflowException e) {
            throw new IOException("kbuild's view ends early", e);
        }
    }

    private static void conditions(DataOutputStream out, Map<String, Condition> conditions) throws IOException {
        out.writeInt(conditions.size());
        for (Map.Entry<String, Condition> e : new TreeMap<>(conditions).entrySet()) {
            text(out, e.getKey());
            out.writeInt(e.getValue().literals().size());
            for (Literal literal : e.getValue().literals()) {
                text(out, literal.symbol());
                text(out, literal.value());
            }
        }
    }

    private static Map<String, Condition> conditions(ByteBuffer in) throws IOException {
        int n = count(in, 8);
        Map<String, Condition> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String path = text(in);
            int m = count(in, 8);
            List<Literal> literals = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                literals.add(new Literal(text(in), text(in)));
            }
            out.put(path, new Condition(literals));
        }
        return out;
    }

    private static void notes(DataOutputStream out, List<KbuildNote> notes) throws IOException {
        out.writeInt(notes.size());
        for (KbuildNote note : notes) {
            text(out, note.file());
            out.writeInt(note.line());
            text(out, note.message());
        }
    }

    private static List<KbuildNote> notes(ByteBuffer in) throws IOException {
        int n = count(in, 12);
        List<KbuildNote> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new KbuildNote(text(in), in.getInt(), text(in)));
        }
        return out;
    }

    private static int count(ByteBuffer in, int least) throws IOException {
        return LengthPrefixed.count(in, least);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        LengthPrefixed.write(out, s);
    }

    private static String text(ByteBuffer in) throws IOException {
        return LengthPrefixed.read(in);
    }
}

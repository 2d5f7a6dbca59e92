package dev.kreach.analyzer.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A saved graph's lists of which calls consulted each table entry, looked up where they lie in the mapped bytes:
 * a hash table of {@code buckets} buckets (a power of two), the entries bucket by bucket from {@code entries}, and
 * after them, at {@code starts}, where each bucket begins. An update asks for the few entries a patch changed, so
 * the millions of others are never decoded.
 */
final class DependentsTable implements CallDependents {
    /**
     * Kinds of key whose entry is a name, a (struct, field), a (component, field), a parameter ({@code B}, a
     * binding-site list, is no dependency, but {@link TableDigest} writes its keys here too).
     */
    private static final String NAMED = "nsrB";
    private static final String FIELD = "t";
    private static final String COMPONENT = "cb";
    private static final String PARAMETER = "pi";

    private final ByteBuffer bytes;
    private final String[] strings;
    private final int buckets;
    private final int starts;

    DependentsTable(ByteBuffer bytes, String[] strings, int buckets, int starts) {
        this.bytes = bytes;
        this.strings = strings;
        this.buckets = buckets;
        this.starts = starts;
    }

    /**
     * A key's bucket number before masking: the same on every JVM (built from {@link String#hashCode}, which the
     * language fixes), since it is saved.
     */
    static int hash(Resolution.Key key) {
        int h = key.kind();
        Object entry = key.entry();
        if (entry instanceof String name) {
            h = 31 * h + name.hashCode();
        } else if (entry instanceof Resolution.FieldKey field) {
            h = 31 * (31 * h + hash(field.struct())) + hash(field.field());
        } else if (entry instanceof Resolution.ComponentField field) {
            h = 31 * (31 * h + hash(field.component())) + hash(field.field());
        } else if (entry instanceof Resolution.ParamKey parameter) {
            h = 31 * (31 * (31 * h + hash(parameter.function().name())) + hash(parameter.function().file()))
                    + parameter.index();
        } else {
            throw new IllegalArgumentException("a dependency of unknown kind '" + key.kind() + "'");
        }
        // Spread the high bits into the low ones the mask keeps.
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int hash(String s) {
        return s == null ? 0 : s.hashCode();
    }

    @Override
    public List<IncrementalGraph.CallRef> of(Resolution.Key key) {
        if (buckets == 0) {
            return List.of();
        }
        int b = hash(key) & (buckets - 1);
        try {
            int end = bytes.getInt(starts + 4 * (b + 1));
            MappedCursor in = new MappedCursor(bytes, strings, bytes.getInt(starts + 4 * b));
            while (in.position() < end) {
                Resolution.Key found = key(in);
                int n = in.count();
                if (found.equals(key)) {
                    return refs(in, n);
                }
                for (int i = 0; i < n; i++) {
                    in.number();
                    in.number();
                }
            }
            return List.of();
        } catch (IOException | RuntimeException e) {
            throw damaged(e);
        }
    }

    @Override
    public void forEach(BiConsumer<Resolution.Key, List<IncrementalGraph.CallRef>> action) {
        if (buckets == 0) {
            return;
        }
        try {
            int end = bytes.getInt(starts + 4 * buckets);
            MappedCursor in = new MappedCursor(bytes, strings, bytes.getInt(starts));
            while (in.position() < end) {
                Resolution.Key key = key(in);
                action.accept(key, refs(in, in.count()));
            }
        } catch (IOException | RuntimeException e) {
            throw damaged(e);
        }
    }

    private static List<IncrementalGraph.CallRef> refs(MappedCursor in, int n) throws IOException {
        List<IncrementalGraph.CallRef> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            refs.add(new IncrementalGraph.CallRef(in.string(), in.number()));
        }
        return refs;
    }

    /**
     * Writes a key as {@link #key} reads it back: its kind, then its entry's strings and numbers, a parameter's
     * function by name and file rather than by number, since a function's first number may come in a later entry.
     */
    static void write(dev.kreach.analyzer.facts.FactParts.Out out, Resolution.Key key) throws IOException {
        char kind = key.kind();
        out.kind(kind);
        Object entry = key.entry();
        if (NAMED.indexOf(kind) >= 0) {
            out.string((String) entry);
        } else if (FIELD.indexOf(kind) >= 0) {
            Resolution.FieldKey field = (Resolution.FieldKey) entry;
            out.string(field.struct());
            out.string(field.field());
        } else if (COMPONENT.indexOf(kind) >= 0) {
            Resolution.ComponentField field = (Resolution.ComponentField) entry;
            out.string(field.component());
            out.string(field.field());
        } else if (PARAMETER.indexOf(kind) >= 0) {
            Resolution.ParamKey parameter = (Resolution.ParamKey) entry;
            out.string(parameter.function().name());
            out.string(parameter.function().file());
            out.number(parameter.index());
        } else {
            throw new IOException("a dependency of unknown kind '" + kind + "'");
        }
    }

    /** A key as {@link #write} writes it. */
    static Resolution.Key key(dev.kreach.analyzer.facts.FactParts.In in) throws IOException {
        char kind = (char) in.kind();
        Object entry;
        if (NAMED.indexOf(kind) >= 0) {
            entry = in.string();
        } else if (FIELD.indexOf(kind) >= 0) {
            entry = new Resolution.FieldKey(in.string(), in.string());
        } else if (COMPONENT.indexOf(kind) >= 0) {
            entry = new Resolution.ComponentField(in.string(), in.string());
        } else if (PARAMETER.indexOf(kind) >= 0) {
            String name = in.string();
            if (name == null) {
                throw new IOException("a parameter of no function");
            }
            entry = new Resolution.ParamKey(new FunctionId(name, in.string()), in.number());
        } else {
            throw new IOException("a dependency of unknown kind " + (int) kind);
        }
        return Resolution.key(kind, entry);
    }

    private static UncheckedIOException damaged(Exception e) {
        return new UncheckedIOException(new IOException("saved graph damaged (which calls consulted an entry): "
                + e.getMessage(), e));
    }
}

package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.FactParts;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.FunctionFact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an update compares a patched tree's resolution tables with, instead of the base's tables themselves: for
 * every entry a call can consult (the kinds {@code t c b p i s r} of {@link Resolution.Deps}) and every list of
 * binding sites (kind {@code B}), its key and a {@link ContentHash} of its content, in order where edges follow the
 * order; the hash of the bindings' deferrals; the models' own edges; and the external definitions that a first
 * definition elsewhere shadows. Saved beside the graph ({@link SavedIncrementalGraph}), it spares a check of a patch
 * against a whole kernel making the base's tables again (seconds and a gigabyte) only to compare them.
 * <p>
 * An absent entry and an empty one compare equal, as they resolve alike; but a struct's layout with no fields of
 * structure type is an entry, unlike no layout at all, as the comparison of the tables themselves had it (at worst
 * a few calls are resolved again).
 */
abstract class TableDigest {
    /** The entries sorted by key hash. */
    abstract int size();

    abstract long keyHash(int i);

    abstract long valueHash(int i);

    abstract Resolution.Key key(int i);

    /** The hash of the bindings' deferrals ({@link Resolution#bindingDeferrals}), in binding order. */
    abstract long deferrals();

    /** The edges of the models' own calls, as {@link Resolution#modelEdges} made them. */
    abstract List<CallEdge> modelEdges();

    /**
     * External functions defined in a file that is not where the resolution's definition of the name is: a name
     * defined twice (under exclusive configurations) keeps its first definition.
     */
    abstract Set<DefinedAt> shadowed();

    /** A function's name and the file that defines it. */
    record DefinedAt(String name, String file) {
    }

    private record Entry(long keyHash, long valueHash, Resolution.Key key) {
    }

    /** Where the tables of {@code after} differ from these: the changed dependency keys and binding-site lists. */
    record Changes(Set<Resolution.Key> keys, Set<String> bindingSites) {
    }

    /** The digest of {@code resolution}'s tables, in memory. */
    static TableDigest of(Resolution resolution) {
        List<Entry> entries = new ArrayList<>();
        forEach(resolution, (key, value) -> entries.add(new Entry(keyHash(key), value, key)));
        // Equal key hashes are nearly impossible, but the order must not depend on the tables' own.
        entries.sort(Comparator.comparingLong(Entry::keyHash).thenComparing(e -> e.key().kind() + ":"
                + e.key().entry()));
        long[] keyHashes = new long[entries.size()];
        long[] valueHashes = new long[entries.size()];
        Resolution.Key[] sorted = new Resolution.Key[entries.size()];
        for (int i = 0; i < sorted.length; i++) {
            keyHashes[i] = entries.get(i).keyHash();
            valueHashes[i] = entries.get(i).valueHash();
            sorted[i] = entries.get(i).key();
        }
        Set<DefinedAt> shadowed = new HashSet<>();
        for (FileFacts unit : resolution.units) {
            Resolution.definedIn(unit, (id, fact) -> {
                FunctionFact kept = resolution.definitions.get(id);
                if (!id.isStatic() && !kept.file().equals(unit.path())) {
                    shadowed.add(new DefinedAt(id.name(), unit.path()));
                }
            });
        }
        return new Made(keyHashes, valueHashes, sorted, deferralsHash(resolution.bindingDeferrals),
                resolution.modelEdges(), shadowed);
    }

    /** Where {@code after}'s tables differ from the ones this digest was made of. */
    Changes changes(Resolution after) {
        BitSet seen = new BitSet(size());
        Set<Resolution.Key> keys = new HashSet<>();
        Set<String> sites = new HashSet<>();
        forEach(after, (key, value) -> {
            int i = find(key);
            if (i >= 0) {
                seen.set(i);
            }
            if (i < 0 || valueHash(i) != value) {
                changed(key, keys, sites);
            }
        });
        for (int i = seen.nextClearBit(0); i < size(); i = seen.nextClearBit(i + 1)) {
            changed(key(i), keys, sites);
        }
        return new Changes(keys, sites);
    }

    private static void changed(Resolution.Key key, Set<Resolution.Key> keys, Set<String> sites) {
        if (key.kind() == 'B') {
            sites.add((String) key.entry());
        } else {
            keys.add(key);
        }
    }

    /** Where {@code key} is among the entries, or -1. */
    private int find(Resolution.Key key) {
        long hash = keyHash(key);
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keyHash(mid) < hash) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < size() && keyHash(i) == hash; i++) {
            if (key(i).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    interface EntryAction {
        void entry(Resolution.Key key, long valueHash);
    }

    /** Every non-empty entry of the tables a digest covers, with the hash of its content. */
    static void forEach(Resolution r, EntryAction action) {
        functions(r.typedBindings, 't', action);
        functions(r.untypedByComponent, 'c', action);
        functions(r.bindingsByField, 'b', action);
        functions(r.passed, 'p', action);
        for (Resolution.ParamKey p : r.invoked) {
            action.entry(Resolution.key('i', p), 1);
        }
        for (String tag : r.types.tags()) {
            Map<String, String> layout = r.types.layout(tag);
            // A layout is a map: its hash must not depend on the map's order.
            long sum = layout.size();
            for (Map.Entry<String, String> e : layout.entrySet()) {
                sum += new ContentHash().add(e.getKey()).add(e.getValue()).value();
            }
            action.entry(Resolution.key('s', tag), sum);
        }
        for (String function : r.types.returning()) {
            String type = r.types.returnType(function);
            if (type != null) {
                action.entry(Resolution.key('r', function), new ContentHash().add(type).value());
            }
        }
        r.bindingSites.forEach((key, sites) -> {
            if (!sites.isEmpty()) {
                ContentHash h = new ContentHash().add(sites.size());
                for (BindingSite site : sites) {
                    h.add(site.function()).add(site.site());
                }
                action.entry(Resolution.key('B', key), h.value());
            }
        });
    }

    private static <K> void functions(Map<K, Set<FunctionId>> table, char kind, EntryAction action) {
        table.forEach((key, functions) -> {
            if (!functions.isEmpty()) {
                ContentHash h = new ContentHash().add(functions.size());
                for (FunctionId f : functions) {
                    h.add(f);
                }
                action.entry(Resolution.key(kind, key), h.value());
            }
        });
    }

    /** The same on every JVM: it is saved. */
    static long keyHash(Resolution.Key key) {
        ContentHash h = new ContentHash().add(key.kind());
        Object entry = key.entry();
        if (entry instanceof String name) {
            h.add(name);
        } else if (entry instanceof Resolution.FieldKey field) {
            h.add(field.struct()).add(field.field());
        } else if (entry instanceof Resolution.ComponentField field) {
            h.add(field.component()).add(field.field());
        } else if (entry instanceof Resolution.ParamKey parameter) {
            h.add(parameter.function()).add(parameter.index());
        } else {
            throw new IllegalArgumentException("a table entry of unknown kind '" + key.kind() + "'");
        }
        return h.value();
    }

    static long deferralsHash(List<Deferral> deferrals) {
        ContentHash h = new ContentHash().add(deferrals.size());
        for (Deferral d : deferrals) {
            h.add(d.api()).add(d.workItem()).add(d.site()).add(d.workArgument());
            for (FunctionId f : new FunctionId[] {d.callback(), d.registrar()}) {
                if (f == null) {
                    h.add(-2);
                } else {
                    h.add(f);
                }
            }
        }
        return h.value();
    }

    /**
     * Writes this digest as {@link Saved} reads it: first the key records, the model edges and the shadowed
     * definitions; then, where the returned offset points, the entry count, key hashes, value hashes and key
     * records' offsets as fixed-width numbers (looked up where they lie), the deferrals' hash and where the three
     * parts before start.
     */
    long write(Sink out) throws IOException {
        int n = size();
        long keysAt = out.size();
        int[] at = new int[n];
        for (int i = 0; i < n; i++) {
            at[i] = checked(out.size());
            DependentsTable.write(out.parts(), key(i));
        }
        long edgesAt = out.size();
        out.parts().number(modelEdges().size());
        for (CallEdge edge : modelEdges()) {
            writeEdge(out.parts(), edge);
        }
        long shadowedAt = out.size();
        List<DefinedAt> shadowed = new ArrayList<>(shadowed());
        shadowed.sort(Comparator.comparing(DefinedAt::file).thenComparing(DefinedAt::name));
        out.parts().number(shadowed.size());
        for (DefinedAt d : shadowed) {
            out.parts().string(d.name());
            out.parts().string(d.file());
        }
        long fixed = out.size();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeLong(keyHash(i));
        }
        for (int i = 0; i < n; i++) {
            out.writeLong(valueHash(i));
        }
        for (int i = 0; i < n; i++) {
            out.writeInt(at[i]);
        }
        out.writeLong(deferrals());
        out.writeInt(checked(keysAt));
        out.writeInt(checked(edgesAt));
        out.writeInt(checked(shadowedAt));
        return checked(fixed);
    }

    /** The bytes of {@link #write}'s fixed part for {@code n} entries. */
    static long fixedSize(int n) {
        return 4 + 20L * n + 8 + 12;
    }

    static void writeEdge(FactParts.Out out, CallEdge edge) throws IOException {
        out.string(edge.caller().name());
        out.string(edge.caller().file());
        out.string(edge.callee().name());
        out.string(edge.callee().file());
        out.string(edge.via());
        FactParts.position(out, edge.call().site());
    }

    private static int checked(long offset) throws IOException {
        if (offset > Integer.MAX_VALUE) {
            throw new IOException("graph too large to save (over 2 GiB)");
        }
        return (int) offset;
    }

    /** Where a digest is written: fixed-width numbers, and parts as the saved graph numbers them. */
    interface Sink {
        long size();

        void writeInt(int v) throws IOException;

        default void writeLong(long v) throws IOException {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        FactParts.Out parts();
    }

    private static final class Made extends TableDigest {
        private final long[] keyHashes;
        private final long[] valueHashes;
        private final Resolution.Key[] keys;
        private final long deferrals;
        private final List<CallEdge> modelEdges;
        private final Set<DefinedAt> shadowed;

        Made(long[] keyHashes, long[] valueHashes, Resolution.Key[] keys, long deferrals, List<CallEdge> modelEdges,
                Set<DefinedAt> shadowed) {
            this.keyHashes = keyHashes;
            this.valueHashes = valueHashes;
            this.keys = keys;
            this.deferrals = deferrals;
            this.modelEdges = List.copyOf(modelEdges);
            this.shadowed = Set.copyOf(shadowed);
        }

        @Override
        int size() {
            return keys.length;
        }

        @Override
        long keyHash(int i) {
            return keyHashes[i];
        }

        @Override
        long valueHash(int i) {
            return valueHashes[i];
        }

        @Override
        Resolution.Key key(int i) {
            return keys[i];
        }

        @Override
        long deferrals() {
            return deferrals;
        }

        @Override
        List<CallEdge> modelEdges() {
            return modelEdges;
        }

        @Override
        Set<DefinedAt> shadowed() {
            return shadowed;
        }
    }

    /**
     * A digest read where it lies in a saved graph's mapped bytes: the hashes are looked up in place, and only the
     * keys of entries an update meets are decoded.
     */
    static final class Saved extends TableDigest {
        private final ByteBuffer bytes;
        private final String[] strings;
        private final int n;
        private final int keyHashes;
        private final int valueHashes;
        private final int keyOffsets;
        private final long deferrals;
        private final int keysAt;
        private final int edgesAt;
        private final int shadowedAt;
        private final int fixed;

        /**
         * The digest whose fixed part is at {@code fixed} and ends at {@code end} (its other parts come before it,
         * from {@link #start} on).
         *
         * @throws IOException when its counts and offsets do not fit those bounds
         */
        Saved(ByteBuffer bytes, String[] strings, int fixed, int end) throws IOException {
            this.bytes = bytes;
            this.strings = strings;
            this.fixed = fixed;
            n = bytes.getInt(fixed);
            if (n < 0 || fixed + fixedSize(n) != end) {
                throw new IOException("a digest of " + n + " entries that does not fit its bounds");
            }
            keyHashes = fixed + 4;
            valueHashes = keyHashes + 8 * n;
            keyOffsets = valueHashes + 8 * n;
            int tail = keyOffsets + 4 * n;
            deferrals = bytes.getLong(tail);
            keysAt = bytes.getInt(tail + 8);
            edgesAt = bytes.getInt(tail + 12);
            shadowedAt = bytes.getInt(tail + 16);
            if (keysAt < 0 || edgesAt < keysAt || shadowedAt < edgesAt || shadowedAt > fixed) {
                throw new IOException("a digest's parts out of order");
            }
        }

        /** Where the digest's first part (the key records) begins: where the section before it ends. */
        int start() {
            return keysAt;
        }

        @Override
        int size() {
            return n;
        }

        @Override
        long keyHash(int i) {
            return bytes.getLong(keyHashes + 8 * i);
        }

        @Override
        long valueHash(int i) {
            return bytes.getLong(valueHashes + 8 * i);
        }

        @Override
        Resolution.Key key(int i) {
            try {
                int at = bytes.getInt(keyOffsets + 4 * i);
                if (at < keysAt || at >= edgesAt) {
                    throw new IOException("a key record outside the digest");
                }
                return DependentsTable.key(new MappedCursor(bytes, strings, at, edgesAt));
            } catch (IOException | RuntimeException e) {
                throw damaged(e);
            }
        }

        @Override
        long deferrals() {
            return deferrals;
        }

        @Override
        List<CallEdge> modelEdges() {
            try {
                MappedCursor in = new MappedCursor(bytes, strings, edgesAt, shadowedAt);
                int count = in.count();
                List<CallEdge> edges = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    FunctionId caller = new FunctionId(in.string(), in.string());
                    FunctionId callee = new FunctionId(in.string(), in.string());
                    String via = in.string();
                    edges.add(Resolution.modelEdge(caller, callee, FactParts.position(in), via));
                }
                return edges;
            } catch (IOException | RuntimeException e) {
                throw damaged(e);
            }
        }

        @Override
        Set<DefinedAt> shadowed() {
            try {
                MappedCursor in = new MappedCursor(bytes, strings, shadowedAt, fixed);
                int count = in.count();
                Set<DefinedAt> out = new HashSet<>();
                for (int i = 0; i < count; i++) {
                    out.add(new DefinedAt(in.string(), in.string()));
                }
                if (in.position() != fixed) {
                    throw new IOException("bytes after the shadowed definitions");
                }
                return out;
            } catch (IOException | RuntimeException e) {
                throw damaged(e);
            }
        }

        private static UncheckedIOException damaged(Exception e) {
            return new UncheckedIOException(new IOException("saved graph damaged (table digest): "
                    + e.getMessage(), e));
        }
    }
}

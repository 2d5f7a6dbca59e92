package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.FactParts;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.model.KernelModels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What a graph needs to be updated for a patch, on disk: every analysed file's facts without its calls, the headers
 * read for types, each file's parameter flow and resolved calls (edges and deferrals), which calls consulted each
 * table entry, and the digest of the tables ({@link TableDigest}) that an update compares the patched tables with.
 * Read back ({@link #read}), it is an {@link IncrementalGraph} whose update resolves again only
 * what the patch touches, asking a {@link IncrementalGraph.CallSource} for the calls of just those unchanged files
 * whose calls it must resolve again, so that a check of a patch reads no other file's facts.
 * <p>
 * Strings are numbered in the order first written and kept in one table after everything else, so that any record
 * can be decoded where it lies: each call expression's record is skipped when the graph is read and decoded only
 * when an edge of it is asked for ({@link SavedCalls}, {@link CallRecords}), and the calls of a file the update
 * leaves alone never become objects. The file ends with the sections' offsets, the CRC-32C of all that
 * precedes it and the magic again; one that is missing, damaged or written by another build is refused with a
 * {@link SavedGraph.Unusable} saying why, never misread. Written to a temporary name and renamed into place, so
 * parallel runs leave one whole file.
 */
public final class SavedIncrementalGraph {
    private static final int MAGIC = 0x4B525349; // "KRSI"
    private static final int FORMAT = 5;
    /**
     * After the string table: where the parts after the files' facts begin (the call types), the table digest's
     * fixed part's offset, the dependents' bucket table's, the string table's, the CRC-32C, the magic.
     */
    private static final int TRAILER = 24;
    private static final EdgeKind[] KINDS = EdgeKind.values();

    private SavedIncrementalGraph() {
    }

    /**
     * Writes {@code graph} (built updatable) to {@code file}, atomically, for kreach build {@code producer}, under
     * {@code label} (what it is the graph of: a reader asks for the same).
     */
    public static void write(IncrementalGraph graph, Path file, String producer, String label) throws IOException {
        if (graph.dependents() == null) {
            throw new IllegalArgumentException("a graph built without what an update needs cannot be saved");
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(temporary)) {
                new Writer(raw).write(graph, producer, label);
            }
            dev.kreach.analyzer.AtomicFiles.moveIntoPlace(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The graph saved in {@code file} by {@code producer} under {@code label}, ready to be updated; {@code calls}
     * gives the calls of the files an update resolves again.
     */
    public static IncrementalGraph read(Path file, String producer, String label, KernelModels models,
            IncrementalGraph.CallSource calls) throws SavedGraph.Unusable {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SavedGraph.Unusable("no saved graph");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new SavedGraph.Unusable("saved graph larger than 2 GiB");
            }
            if (size < 8 + 4 + TRAILER) {
                throw new SavedGraph.Unusable("saved graph truncated");
            }
            return new Reader(channel.map(FileChannel.MapMode.READ_ONLY, 0, size)).read(producer, label, models,
                    calls);
        } catch (IOException e) {
            throw new SavedGraph.Unusable("saved graph unreadable: " + e.getMessage());
        } catch (RuntimeException e) {
            // An index or count a damaged file makes out of range: refused like any other damage.
            throw new SavedGraph.Unusable("saved graph damaged: " + e);
        }
    }

    /** Where the writer's numbers and strings go: the file, or a call's record being made. */
    private interface ByteSink {
        void writeByte(int b) throws IOException;

        void write(byte[] bytes) throws IOException;

        /** Unsigned LEB128, as {@link FactParts#number(java.io.DataOutput, int)} writes it. */
        default void number(int n) throws IOException {
            if (n < 0) {
                throw new IOException("negative number: " + n);
            }
            while ((n & ~0x7F) != 0) {
                writeByte((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            writeByte(n);
        }
    }

    /** A call's record, made apart so that its length can come before it: a reader skips it by that length. */
    private static final class Record implements ByteSink {
        private byte[] bytes = new byte[256];
        private int used;

        @Override
        public void writeByte(int b) {
            if (used == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, used * 2);
            }
            bytes[used++] = (byte) b;
        }

        @Override
        public void write(byte[] more) {
            if (more.length > bytes.length - used) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + more.length));
            }
            System.arraycopy(more, 0, bytes, used, more.length);
            used += more.length;
        }
    }

    private static final class Writer implements FactParts.Out {
        private final Sink out;
        /** Where {@link #number}, {@link #string} and the rest write: {@link #out}, or {@link #record}. */
        private ByteSink target;
        private final Record record = new Record();
        private final Map<String, Integer> strings = new HashMap<>(1 << 20);
        /** The strings by number, less one: the table written last. */
        private final List<String> table = new ArrayList<>(1 << 20);
        private final Map<FunctionId, Integer> functions = new HashMap<>(1 << 20);
        /** The string written last and its number: a file's path, say, comes many times in a row. */
        private String last;
        private int lastId;

        Writer(OutputStream raw) {
            out = new Sink(raw);
            target = out;
        }

        void write(IncrementalGraph graph, String producer, String label) throws IOException {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUtf(producer);
            out.writeUtf(label);
            number(graph.units().size());
            for (FileFacts unit : graph.units()) {
                facts(unit);
            }
            number(graph.typeHeaders().size());
            for (FileFacts header : graph.typeHeaders()) {
                facts(header);
            }
            // The facts apart from the rest: a reader reads the rest on a thread of its own while a scan starts.
            long restOffset = out.size();
            // In the order a check needs them: the call types (which headers to read), the flows (the tables).
            for (FileFacts unit : graph.units()) {
                List<dev.kreach.analyzer.facts.TypeRef> types = graph.callTypesOf(unit);
                number(types.size());
                for (dev.kreach.analyzer.facts.TypeRef type : types) {
                    FactParts.type(this, type);
                }
            }
            for (FileFacts unit : graph.units()) {
                flow(graph.flowOf(unit.path()));
            }
            for (FileFacts unit : graph.units()) {
                Resolution.Resolved[] calls = graph.resolvedOf(unit.path());
                long[] repeated = IncrementalGraph.repeatedPlaces(calls);
                number(calls.length);
                for (Resolution.Resolved call : calls) {
                    resolved(call, !call.edges().isEmpty() && java.util.Arrays.binarySearch(repeated,
                            IncrementalGraph.place(call.edges().get(0).call())) >= 0);
                }
            }
            long dependentsOffset = dependents(graph.dependents());
            long digestOffset = graph.digest().write(new TableDigest.Sink() {
                @Override
                public long size() {
                    return out.size();
                }

                @Override
                public void writeInt(int v) throws IOException {
                    out.writeInt(v);
                }

                @Override
                public FactParts.Out parts() {
                    return Writer.this;
                }
            });
            long tableOffset = out.size();
            number(table.size());
            for (String string : table) {
                byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
                number(utf8.length);
                out.write(utf8);
            }
            if (out.size() > Integer.MAX_VALUE - TRAILER) {
                throw new IOException("graph too large to save (over 2 GiB)");
            }
            out.writeInt((int) restOffset);
            out.writeInt((int) digestOffset);
            out.writeInt((int) dependentsOffset);
            out.writeInt((int) tableOffset);
            out.flush();
            out.writeInt(out.checksum());
            out.writeInt(MAGIC);
            out.flush();
        }

        /**
         * Which calls consulted each table entry, as a hash table a reader looks entries up in where they lie: the
         * number of buckets, the entries bucket by bucket (each its key, then its calls as (file, call number)),
         * then where each bucket starts; that last table's offset is returned, for the trailer.
         */
        private long dependents(CallDependents dependents) throws IOException {
            List<Map.Entry<Resolution.Key, List<IncrementalGraph.CallRef>>> entries = new ArrayList<>();
            dependents.forEach((key, refs) -> entries.add(Map.entry(key, refs)));
            int buckets = 0;
            if (!entries.isEmpty()) {
                buckets = 1;
                while (buckets < entries.size()) {
                    buckets <<= 1;
                }
            }
            int mask = buckets - 1;
            // Entries by bucket, a counting sort: within a bucket they keep the order they were listed in.
            int[] bucketOf = new int[entries.size()];
            int[] firsts = new int[buckets + 1];
            for (int i = 0; i < bucketOf.length; i++) {
                bucketOf[i] = DependentsTable.hash(entries.get(i).getKey()) & mask;
                firsts[bucketOf[i] + 1]++;
            }
            for (int b = 0; b < buckets; b++) {
                firsts[b + 1] += firsts[b];
            }
            int[] order = new int[bucketOf.length];
            int[] fill = java.util.Arrays.copyOf(firsts, buckets);
            for (int i = 0; i < bucketOf.length; i++) {
                order[fill[bucketOf[i]]++] = i;
            }
            number(buckets);
            long[] starts = new long[buckets + 1];
            int next = 0;
            for (int b = 0; b < buckets; b++) {
                starts[b] = out.size();
                for (; next < firsts[b + 1]; next++) {
                    Map.Entry<Resolution.Key, List<IncrementalGraph.CallRef>> e = entries.get(order[next]);
                    DependentsTable.write(this, e.getKey());
                    number(e.getValue().size());
                    for (IncrementalGraph.CallRef ref : e.getValue()) {
                        string(ref.file());
                        number(ref.call());
                    }
                }
            }
            starts[buckets] = out.size();
            long at = out.size();
            for (long start : starts) {
                if (start > Integer.MAX_VALUE) {
                    throw new IOException("graph too large to save (over 2 GiB)");
                }
                out.writeInt((int) start);
            }
            return at;
        }

        /** A file's facts but its calls (the resolved calls carry what the graph needs of them). */
        private void facts(FileFacts f) throws IOException {
            FactParts.facts(this, f, false);
        }

        private void flow(Resolution.ParameterFlow flow) throws IOException {
            parameters(flow.seedTargets);
            number(flow.seedFunctions.size());
            for (FunctionId f : flow.seedFunctions) {
                function(f);
            }
            parameters(flow.forwardFrom);
            parameters(flow.forwardTo);
            parameters(flow.called);
            parameters(flow.calledFrom);
            parameters(flow.calledThrough);
            FactParts.strings(this, new ArrayList<>(new java.util.TreeSet<>(flow.names)));
        }

        /**
         * One call's caller, edges and deferrals; the edges all carry the call, written once, as a record of its
         * own after its length (a reader skips it), after whether another call of the file is at its place.
         */
        private void resolved(Resolution.Resolved call, boolean repeats) throws IOException {
            function(call.caller());
            number(call.edges().size());
            if (!call.edges().isEmpty()) {
                bool(repeats);
                record.used = 0;
                target = record;
                try {
                    call(call.edges().get(0).call());
                } finally {
                    target = out;
                }
                number(record.used);
                out.write(record.bytes, record.used);
                for (CallEdge edge : call.edges()) {
                    function(edge.caller());
                    function(edge.callee());
                    kind(edge.kind().ordinal());
                    string(edge.via());
                }
            }
            number(call.deferrals().size());
            for (Deferral d : call.deferrals()) {
                string(d.api());
                optional(d.callback());
                string(d.workItem());
                optional(d.registrar());
                FactParts.position(this, d.site());
                number(d.workArgument() + 1);
            }
        }

        private void call(CallFact call) throws IOException {
            FactParts.call(this, call);
        }

        /** A call's text is nearly always its own: written in place, not numbered with the names. */
        @Override
        public void text(String s) throws IOException {
            byte[] text = s.getBytes(StandardCharsets.UTF_8);
            number(text.length);
            target.write(text);
        }

        private void parameters(List<Resolution.ParamKey> keys) throws IOException {
            number(keys.size());
            for (Resolution.ParamKey key : keys) {
                parameter(key);
            }
        }

        private void parameter(Resolution.ParamKey key) throws IOException {
            function(key.function());
            number(key.index());
        }

        /** A function's number, or the next number followed by its name and file where it is written first. */
        private void function(FunctionId f) throws IOException {
            Integer id = functions.get(f);
            if (id != null) {
                number(id);
                return;
            }
            id = functions.size();
            functions.put(f, id);
            number(id);
            string(f.name());
            string(f.file());
        }

        private void optional(FunctionId f) throws IOException {
            bool(f != null);
            if (f != null) {
                function(f);
            }
        }

        private void bool(boolean b) throws IOException {
            target.writeByte(b ? 1 : 0);
        }

        @Override
        public void kind(int kind) throws IOException {
            target.writeByte(kind);
        }

        /** 0 for null, else the string's number, the next one where it comes first (the table holds it). */
        @Override
        public void string(String s) throws IOException {
            if (s == null) {
                number(0);
                return;
            }
            if (s == last) {
                number(lastId);
                return;
            }
            Integer id = strings.get(s);
            last = s;
            if (id != null) {
                lastId = id;
                number(id);
                return;
            }
            id = strings.size() + 1;
            lastId = id;
            strings.put(s, id);
            table.add(s);
            number(id);
        }

        @Override
        public void number(int n) throws IOException {
            target.number(n);
        }
    }

    /**
     * Bytes to a stream a buffer at a time, with their CRC-32C: hundreds of millions of small numbers go through
     * here, too many for a byte-by-byte stream with a lock per write.
     */
    private static final class Sink implements ByteSink {
        private final OutputStream raw;
        private final CRC32C crc = new CRC32C();
        private final byte[] buffer = new byte[1 << 16];
        private int used;
        private long flushed;

        Sink(OutputStream raw) {
            this.raw = raw;
        }

        @Override
        public void writeByte(int b) throws IOException {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) b;
        }

        void writeInt(int v) throws IOException {
            for (int shift = 24; shift >= 0; shift -= 8) {
                writeByte(v >>> shift);
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            write(bytes, bytes.length);
        }

        /** The first {@code length} of {@code bytes}. */
        void write(byte[] bytes, int length) throws IOException {
            if (length > buffer.length - used) {
                flush();
                if (length > buffer.length) {
                    crc.update(bytes, 0, length);
                    raw.write(bytes, 0, length);
                    flushed += length;
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, used, length);
            used += length;
        }

        /** A short text: its UTF-8 length in two bytes, then the bytes. */
        void writeUtf(String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > 0xFFFF) {
                throw new IOException("a name of more than 65,535 bytes");
            }
            writeByte(utf8.length >>> 8);
            writeByte(utf8.length);
            write(utf8);
        }

        long size() {
            return flushed + used;
        }

        int checksum() {
            return (int) crc.getValue();
        }

        void flush() throws IOException {
            crc.update(buffer, 0, used);
            raw.write(buffer, 0, used);
            flushed += used;
            used = 0;
        }
    }

    /**
     * The parts of a saved graph after its files' facts, read in order on a thread of their own ({@link #read}),
     * each handed over as soon as it is read. Damage there (which the checksum did not see) fails the part read
     * and every later one with an {@link java.io.UncheckedIOException}: the update that asks is not possible.
     */
    private static final class Rest implements IncrementalGraph.ReadBack {
        private final java.util.concurrent.CompletableFuture<Map<String, List<dev.kreach.analyzer.facts.TypeRef>>>
                callTypes = new java.util.concurrent.CompletableFuture<>();
        private final java.util.concurrent.CompletableFuture<Map<String, Resolution.ParameterFlow>> flows =
                new java.util.concurrent.CompletableFuture<>();
        private final java.util.concurrent.CompletableFuture<Calls> calls =
                new java.util.concurrent.CompletableFuture<>();

        void read(Reader reader, int restOffset, int dependentsOffset, int tableOffset,
                java.util.concurrent.Future<List<FileFacts>> unitsRead, TableDigest digest) {
            try {
                List<FileFacts> units;
                try {
                    units = unitsRead.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("its facts did not read", e.getCause());
                }
                reader.cursor = new MappedCursor(reader.in, reader.strings, restOffset, tableOffset);
                callTypes.complete(reader.callTypes(units));
                flows.complete(reader.flows(units));
                calls.complete(reader.calls(units, dependentsOffset, digest));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(new java.io.UncheckedIOException(new IOException("interrupted while reading the saved graph")));
            } catch (IOException | RuntimeException e) {
                fail(new java.io.UncheckedIOException(new IOException("saved graph damaged: " + e.getMessage(), e)));
            } catch (Error e) {
                // Out of memory, say: no damage, and not to be answered by building the graph in full.
                fail(e);
            }
        }

        private void fail(Throwable failure) {
            callTypes.completeExceptionally(failure);
            flows.completeExceptionally(failure);
            calls.completeExceptionally(failure);
        }

        private static <T> T join(java.util.concurrent.CompletableFuture<T> part) {
            try {
                return part.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.io.UncheckedIOException unchecked) {
                    throw unchecked;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }

        @Override
        public Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes() {
            return join(callTypes);
        }

        @Override
        public Map<String, Resolution.ParameterFlow> flows() {
            return join(flows);
        }

        @Override
        public Calls calls() {
            return join(calls);
        }
    }

    private static final class Reader implements FactParts.In {
        private final ByteBuffer in;
        /** The strings by number, less one, read from the table at the end before anything else. */
        private String[] strings;
        /** Where the calls' records are decoded when asked for. */
        private CallRecords records;
        /** Reads the body, from after the header to the string table. */
        private MappedCursor cursor;
        /** One file's edges while its calls are read: their endpoints' numbers, kinds and what they went through. */
        private int[] edgeFrom = new int[1024];
        private int[] edgeTo = new int[1024];
        private byte[] edgeKind = new byte[1024];
        private String[] edgeVia = new String[1024];
        /** Functions read so far, by number: millions of edges name a few hundred thousand. */
        private final List<FunctionId> functions = new ArrayList<>();
        /** The parameters read so far, by function number and index ({@link #parameter}). */
        private Resolution.ParamKey[][] parameters = new Resolution.ParamKey[1024][];

        Reader(ByteBuffer in) {
            this.in = in;
        }

        IncrementalGraph read(String producer, String label, KernelModels models, IncrementalGraph.CallSource calls)
                throws SavedGraph.Unusable, IOException {
            int limit = in.capacity();
            if (in.getInt(0) != MAGIC || in.getInt(limit - 4) != MAGIC) {
                throw new SavedGraph.Unusable("not a saved graph");
            }
            if (in.getInt(4) != FORMAT) {
                throw new SavedGraph.Unusable("saved graph of another format");
            }
            CRC32C crc = new CRC32C();
            crc.update(in.duplicate().position(0).limit(limit - 8));
            if ((int) crc.getValue() != in.getInt(limit - 8)) {
                throw new SavedGraph.Unusable("saved graph damaged (checksum)");
            }
            int restOffset = in.getInt(limit - TRAILER);
            int digestOffset = in.getInt(limit - TRAILER + 4);
            int dependentsOffset = in.getInt(limit - TRAILER + 8);
            int tableOffset = in.getInt(limit - TRAILER + 12);
            if (tableOffset < 12 || tableOffset > limit - TRAILER || dependentsOffset < 12
                    || dependentsOffset > digestOffset || digestOffset > tableOffset || restOffset < 12
                    || restOffset > dependentsOffset) {
                throw new SavedGraph.Unusable("saved graph damaged (section offsets)");
            }
            MappedCursor table = new MappedCursor(in, new String[0], tableOffset, limit - TRAILER);
            strings = new String[table.count()];
            for (int i = 0; i < strings.length; i++) {
                // Each string is read once, so the graph read back shares one copy of each.
                strings[i] = new String(table.bytes(table.count()), StandardCharsets.UTF_8);
            }
            if (table.position() != limit - TRAILER) {
                throw new SavedGraph.Unusable("saved graph damaged (bytes after the string table)");
            }
            records = new CallRecords(in.duplicate().clear(), strings);
            in.position(8);
            String writer = utf();
            if (!writer.equals(producer)) {
                throw new SavedGraph.Unusable("saved graph of another kreach build (" + writer + ")");
            }
            if (!utf().equals(label)) {
                throw new SavedGraph.Unusable("saved graph of another tree or other options");
            }
            TableDigest digest;
            try {
                digest = new TableDigest.Saved(in.duplicate().clear(), strings, digestOffset, tableOffset);
            } catch (IOException e) {
                throw new SavedGraph.Unusable("saved graph damaged (table digest): " + e.getMessage());
            }
            // The rest (call types, flows, resolved calls, which calls consulted each entry) on a thread of its
            // own, from where the facts end, while the facts are read here and a scan takes them.
            java.util.concurrent.CompletableFuture<List<FileFacts>> unitsRead =
                    new java.util.concurrent.CompletableFuture<>();
            Rest rest = new Rest();
            Reader restReader = new Reader(in.duplicate().clear(), strings, records);
            Thread thread = new Thread(() -> rest.read(restReader, restOffset, dependentsOffset, tableOffset,
                    unitsRead, digest), "kreach-read-graph");
            thread.setDaemon(true);
            thread.start();
            cursor = new MappedCursor(in, strings, in.position(), restOffset);
            List<FileFacts> units = new ArrayList<>();
            List<FileFacts> headers = new ArrayList<>();
            try {
                int n = count();
                for (int i = 0; i < n; i++) {
                    units.add(facts());
                }
                n = count();
                for (int i = 0; i < n; i++) {
                    headers.add(facts());
                }
                if (cursor.position() != restOffset) {
                    throw new IOException("bytes after the facts");
                }
            } catch (IOException | RuntimeException e) {
                unitsRead.completeExceptionally(e);
                throw e;
            }
            unitsRead.complete(units);
            return IncrementalGraph.restore(models, units, headers, rest, calls).savedAs(label);
        }

        /** A reader of the rest of the graph whose strings and records {@code strings} and {@code records} are. */
        private Reader(ByteBuffer in, String[] strings, CallRecords records) {
            this.in = in;
            this.strings = strings;
            this.records = records;
        }

        /** The files' call types, from the cursor on. */
        private Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes(List<FileFacts> units)
                throws IOException {
            Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes = new HashMap<>();
            for (FileFacts unit : units) {
                int m = count();
                List<dev.kreach.analyzer.facts.TypeRef> its = new ArrayList<>(m);
                for (int i = 0; i < m; i++) {
                    its.add(FactParts.type(this));
                }
                callTypes.put(unit.path(), List.copyOf(its));
            }
            return callTypes;
        }

        private Map<String, Resolution.ParameterFlow> flows(List<FileFacts> units) throws IOException {
            Map<String, Resolution.ParameterFlow> flows = new HashMap<>();
            for (FileFacts unit : units) {
                flows.put(unit.path(), flow());
            }
            return flows;
        }

        /** The resolved calls and the dependents' table, after the flows. */
        private IncrementalGraph.ReadBack.Calls calls(List<FileFacts> units, int dependentsOffset,
                TableDigest digest) throws IOException {
            Map<String, SavedCalls> resolved = new HashMap<>();
            for (FileFacts unit : units) {
                resolved.put(unit.path(), calls());
            }
            // Which calls consulted each entry: left where they lie, looked up entry by entry.
            int buckets = number();
            long digestStart = dependentsOffset + 4L * (buckets + 1);
            if (buckets < 0 || (buckets & (buckets - 1)) != 0) {
                throw new IOException("a dependents' table of " + buckets + " buckets");
            }
            if (in.getInt(dependentsOffset) != cursor.position()) {
                throw new IOException("bytes after the resolved calls");
            }
            if (((TableDigest.Saved) digest).start() != digestStart) {
                throw new IOException("the table digest does not start where the dependents' table ends");
            }
            return new IncrementalGraph.ReadBack.Calls(resolved, new DependentsTable(in.duplicate().clear(), strings,
                    buckets, dependentsOffset), digest);
        }

        private FileFacts facts() throws IOException {
            return FactParts.facts(this, false);
        }

        private Resolution.ParameterFlow flow() throws IOException {
            Resolution.ParameterFlow flow = new Resolution.ParameterFlow();
            parameters(flow.seedTargets);
            int n = count();
            for (int i = 0; i < n; i++) {
                flow.seedFunctions.add(function());
            }
            parameters(flow.forwardFrom);
            parameters(flow.forwardTo);
            parameters(flow.called);
            parameters(flow.calledFrom);
            parameters(flow.calledThrough);
            flow.names.addAll(FactParts.strings(this));
            return flow;
        }

        /**
         * One file's resolved calls, as numbers: each call's expression record is skipped, its offset kept, and
         * decoded only when an edge of it is asked for.
         */
        private SavedCalls calls() throws IOException {
            int n = count();
            int[] caller = new int[n];
            int[] edgeStart = new int[n + 1];
            int[] record = new int[n];
            java.util.BitSet repeats = new java.util.BitSet();
            Map<Integer, List<Deferral>> deferrals = Map.of();
            int edges = 0;
            for (int i = 0; i < n; i++) {
                caller[i] = functionNumber();
                edgeStart[i] = edges;
                int m = count();
                record[i] = -1;
                if (m > 0) {
                    if (bool()) {
                        repeats.set(i);
                    }
                    int length = count();
                    record[i] = cursor.position();
                    cursor.skip(length);
                    if (edges + m > edgeFrom.length) {
                        int size = Math.max(edgeFrom.length * 2, edges + m);
                        edgeFrom = java.util.Arrays.copyOf(edgeFrom, size);
                        edgeTo = java.util.Arrays.copyOf(edgeTo, size);
                        edgeKind = java.util.Arrays.copyOf(edgeKind, size);
                        edgeVia = java.util.Arrays.copyOf(edgeVia, size);
                    }
                    for (int k = 0; k < m; k++) {
                        edgeFrom[edges] = functionNumber();
                        edgeTo[edges] = functionNumber();
                        int kind = kind();
                        if (kind >= KINDS.length) {
                            throw new IOException("bad edge kind " + kind);
                        }
                        edgeKind[edges] = (byte) kind;
                        edgeVia[edges] = string();
                        edges++;
                    }
                }
                int d = count();
                if (d > 0) {
                    List<Deferral> its = new ArrayList<>(d);
                    for (int j = 0; j < d; j++) {
                        its.add(new Deferral(string(), optional(), string(), optional(), FactParts.position(this),
                                number() - 1));
                    }
                    if (deferrals.isEmpty()) {
                        deferrals = new HashMap<>();
                    }
                    deferrals.put(i, List.copyOf(its));
                }
            }
            edgeStart[n] = edges;
            return new SavedCalls(records, functions, caller, edgeStart, record, repeats,
                    java.util.Arrays.copyOf(edgeFrom, edges), java.util.Arrays.copyOf(edgeTo, edges),
                    java.util.Arrays.copyOf(edgeKind, edges), java.util.Arrays.copyOf(edgeVia, edges), deferrals);
        }

        @Override
        public String text() throws IOException {
            return cursor.text();
        }

        private void parameters(List<Resolution.ParamKey> into) throws IOException {
            int n = count();
            for (int i = 0; i < n; i++) {
                into.add(parameter());
            }
        }

        /**
         * A parameter, one object per (function, index) however often the flows name it: the whole kernel's flows
         * name five million, a tenth of them distinct.
         */
        private Resolution.ParamKey parameter() throws IOException {
            int function = functionNumber();
            int index = number();
            if (index >= 1 << 12) {
                // No C function has that many parameters; a call passing that many arguments keeps its own.
                return new Resolution.ParamKey(functions.get(function), index);
            }
            if (function >= parameters.length) {
                parameters = java.util.Arrays.copyOf(parameters, Math.max(function + 1, parameters.length * 2));
            }
            Resolution.ParamKey[] its = parameters[function];
            if (its == null || index >= its.length) {
                its = its == null ? new Resolution.ParamKey[Math.max(4, index + 1)]
                        : java.util.Arrays.copyOf(its, Math.max(index + 1, its.length * 2));
                parameters[function] = its;
            }
            if (its[index] == null) {
                its[index] = new Resolution.ParamKey(functions.get(function), index);
            }
            return its[index];
        }

        private FunctionId function() throws IOException {
            return functions.get(functionNumber());
        }

        /** A function's number, reading its name and file where it comes first. */
        private int functionNumber() throws IOException {
            int id = number();
            if (id < functions.size()) {
                return id;
            }
            if (id != functions.size()) {
                throw new IOException("function " + id + " before function " + functions.size());
            }
            String name = string();
            if (name == null) {
                throw new IOException("a function without a name");
            }
            functions.add(new FunctionId(name, string()));
            return id;
        }

        private FunctionId optional() throws IOException {
            return bool() ? function() : null;
        }

        private boolean bool() throws IOException {
            return cursor.kind() != 0;
        }

        private String utf() {
            byte[] bytes = new byte[in.getShort() & 0xFFFF];
            in.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        // The body is read through one cursor, as the records left in place are (MappedCursor).
        @Override
        public int kind() throws IOException {
            return cursor.kind();
        }

        @Override
        public int count() throws IOException {
            return cursor.count();
        }

        @Override
        public String string() throws IOException {
            return cursor.string();
        }

        @Override
        public int number() throws IOException {
            return cursor.number();
        }
    }
}

package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.FactParts;
import dev.kreach.analyzer.facts.FunctionFact;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.model.KernelModels;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A call graph on disk, as {@link StoredGraph} reads it back: functions, definitions, edges as columns (endpoint
 * numbers, kind, what they went through, their call expression's number), call expressions as records found
 * through an offset table, deferrals and field bindings. Strings are numbered in the order first written and
 * kept in one table at the end; a trailer says where each section starts and holds the CRC-32C of all that precedes
 * it. The file is memory-mapped when read: the columns are copied out, the calls stay in the mapping and are decoded
 * one by one when an edge is asked for.
 * <p>
 * A file that is missing, damaged (its CRC, its magic, a count beyond the bytes left) or written by another build
 * is refused with a {@link Unusable} saying why, never misread. Written to a temporary name and renamed into place.
 */
public final class SavedGraph {
    private static final int MAGIC = 0x4B525347; // "KRSG"
    private static final int FORMAT = 2;
    private static final int SECTIONS = 9;
    /** Trailer: the section offsets, the CRC-32C and the magic again. */
    private static final int TRAILER = SECTIONS * 8 + 4 + 4;
    private static final EdgeKind[] KINDS = EdgeKind.values();

    private SavedGraph() {
    }

    /** Why a saved graph cannot be used: one line, for a note before the graph is built again. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Writes {@code graph} to {@code file} (atomically) for kreach build {@code producer}. */
    public static void write(CallGraph graph, Path file, String producer) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(temporary)) {
                new Writer(raw).write(graph, producer);
            }
            dev.kreach.analyzer.AtomicFiles.moveIntoPlace(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The graph saved in {@code file} by {@code producer}, with the models' chain stops and containers. */
    public static CallGraph read(Path file, String producer, KernelModels models) throws Unusable {
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new Unusable("no saved graph");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new Unusable("saved graph larger than 2 GiB");
            }
            if (size < 12 + TRAILER) {
                throw new Unusable("saved graph truncated");
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return new Reader(map).read(producer, models);
        } catch (IOException e) {
            throw new Unusable("saved graph unreadable: " + e.getMessage());
        } catch (RuntimeException e) {
            // An index or count a damaged file makes out of range: refused like any other damage.
            throw new Unusable("saved graph damaged: " + e);
        }
    }

    private static final class Writer implements FactParts.Out {
        private final CheckedOutputStream checked;
        private final DataOutputStream out;
        private final Map<String, Integer> strings = new HashMap<>();
        private final List<String> table = new ArrayList<>();
        private final Map<FunctionId, Integer> functions = new HashMap<>();

        Writer(OutputStream raw) {
            // Buffered above the checksum, so that it is updated a buffer at a time, not byte by byte.
            checked = new CheckedOutputStream(raw, new CRC32C());
            out = new DataOutputStream(new BufferedOutputStream(checked, 1 << 16));
        }

        void write(CallGraph graph, String producer) throws IOException {
            long[] sections = new long[SECTIONS];
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(producer);
            sections[0] = out.size();
            List<FunctionId> vertices = new ArrayList<>(graph.graph().vertexSet());
            number(vertices.size());
            for (FunctionId f : vertices) {
                functions.put(f, functions.size());
                string(f.name());
                string(f.file());
            }
            sections[1] = out.size();
            number(graph.definitions().size());
            for (Map.Entry<FunctionId, FunctionFact> e : graph.definitions().entrySet()) {
                number(function(e.getKey()));
                FactParts.function(this, e.getValue());
            }
            // Edges in the order they were added, as columns; calls numbered in the order first met.
            List<CallEdge> edges = new ArrayList<>(graph.graph().edgeSet());
            Map<CallFact, Integer> callIds = new IdentityHashMap<>();
            List<CallFact> calls = new ArrayList<>();
            sections[2] = out.size();
            out.writeInt(edges.size());
            for (CallEdge e : edges) {
                out.writeInt(function(e.caller()));
            }
            for (CallEdge e : edges) {
                out.writeInt(function(e.callee()));
            }
            for (CallEdge e : edges) {
                out.writeByte(e.kind().ordinal());
            }
            for (CallEdge e : edges) {
                out.writeInt(stringId(e.via()));
            }
            for (CallEdge e : edges) {
                Integer id = callIds.get(e.call());
                if (id == null) {
                    id = calls.size();
                    callIds.put(e.call(), id);
                    calls.add(e.call());
                }
                out.writeInt(id);
            }
            sections[3] = out.size();
            int[] offsets = new int[calls.size()];
            long start = out.size();
            for (int i = 0; i < calls.size(); i++) {
                offsets[i] = (int) (out.size() - start);
                call(calls.get(i));
            }
            sections[4] = out.size();
            out.writeInt(offsets.length);
            for (int offset : offsets) {
                out.writeInt(offset);
            }
            sections[5] = out.size();
            number(graph.deferrals().size());
            for (Deferral d : graph.deferrals()) {
                string(d.api());
                named(d.callback());
                string(d.workItem());
                named(d.registrar());
                position(d.site());
                number(d.workArgument() + 1);
            }
            sections[6] = out.size();
            number(graph.fieldBindingTable().size());
            for (Map.Entry<String, List<FunctionId>> e : graph.fieldBindingTable().entrySet()) {
                string(e.getKey());
                number(e.getValue().size());
                for (FunctionId f : e.getValue()) {
                    named(f);
                }
            }
            sections[7] = out.size();
            number(graph.bindingSiteTable().size());
            for (Map.Entry<String, List<BindingSite>> e : graph.bindingSiteTable().entrySet()) {
                string(e.getKey());
                number(e.getValue().size());
                for (BindingSite site : e.getValue()) {
                    named(site.function());
                    position(site.site());
                }
            }
            sections[8] = out.size();
            out.writeInt(table.size());
            for (String s : table) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                number(utf8.length);
                out.write(utf8);
            }
            if (out.size() < 0) {
                throw new IOException("call graph too large to save (over 2 GiB)");
            }
            for (long section : sections) {
                out.writeLong(section);
            }
            out.flush();
            int crc = (int) checked.getChecksum().getValue();
            out.writeInt(crc);
            out.writeInt(MAGIC);
            out.flush();
        }

        private int function(FunctionId f) throws IOException {
            Integer i = functions.get(f);
            if (i == null) {
                throw new IOException("function " + f.qualified() + " is not a vertex of the graph it is saved with");
            }
            return i;
        }

        /** A function by name, for deferrals and bindings: it need not be a vertex (a callback outside the scope). */
        private void named(FunctionId f) throws IOException {
            out.writeBoolean(f != null);
            if (f != null) {
                string(f.name());
                string(f.file());
            }
        }

        private void call(CallFact call) throws IOException {
            FactParts.call(this, call);
        }

        /** The call's text is nearly always its own: kept in the record, not the table every load decodes. */
        @Override
        public void text(String s) throws IOException {
            byte[] text = s.getBytes(StandardCharsets.UTF_8);
            number(text.length);
            out.write(text);
        }

        @Override
        public void kind(int kind) throws IOException {
            out.writeByte(kind);
        }

        private void position(Position p) throws IOException {
            FactParts.position(this, p);
        }

        private void strings(List<String> list) throws IOException {
            FactParts.strings(this, list);
        }

        @Override
        public void string(String s) throws IOException {
            number(stringId(s));
        }

        /** 0 for null, else one more than the string's place in the table. */
        private int stringId(String s) {
            if (s == null) {
                return 0;
            }
            Integer id = strings.get(s);
            if (id == null) {
                table.add(s);
                id = table.size();
                strings.put(s, id);
            }
            return id;
        }

        @Override
        public void number(int n) throws IOException {
            FactParts.number(out, n);
        }
    }

    /** Reads with absolute positions only, so the calls can be decoded from any thread at any time. */
    private static final class Reader implements FactParts.In {
        private final ByteBuffer in;
        private String[] table;
        private FunctionId[] functions;
        private int at;

        Reader(ByteBuffer in) {
            this.in = in;
        }

        CallGraph read(String producer, KernelModels models) throws Unusable {
            int limit = in.capacity();
            if (in.getInt(0) != MAGIC || in.getInt(limit - 4) != MAGIC) {
                throw new Unusable("not a saved graph");
            }
            if (in.getInt(4) != FORMAT) {
                throw new Unusable("saved graph of another format");
            }
            at = 8;
            String writer = utf();
            if (!writer.equals(producer)) {
                throw new Unusable("saved graph of another kreach build (" + writer + ")");
            }
            int body = limit - TRAILER;
            CRC32C crc = new CRC32C();
            crc.update(in.duplicate().position(0).limit(body + SECTIONS * 8));
            if ((int) crc.getValue() != in.getInt(body + SECTIONS * 8)) {
                throw new Unusable("saved graph damaged (checksum)");
            }
            long[] sections = new long[SECTIONS];
            for (int i = 0; i < SECTIONS; i++) {
                sections[i] = in.getLong(body + i * 8);
                if (sections[i] < 0 || sections[i] > body) {
                    throw new Unusable("saved graph damaged (section " + i + ")");
                }
            }
            at = (int) sections[8];
            table = new String[count(in.getInt(at))];
            at += 4;
            for (int i = 0; i < table.length; i++) {
                byte[] utf8 = new byte[count(number())];
                in.get(at, utf8);
                at += utf8.length;
                table[i] = new String(utf8, StandardCharsets.UTF_8);
            }
            at = (int) sections[0];
            functions = new FunctionId[count(number())];
            for (int i = 0; i < functions.length; i++) {
                functions[i] = new FunctionId(string(), string());
            }
            at = (int) sections[1];
            Map<FunctionId, FunctionFact> definitions = new LinkedHashMap<>();
            int n = count(number());
            for (int i = 0; i < n; i++) {
                FunctionId id = functions[number()];
                try {
                    definitions.put(id, FactParts.function(this));
                } catch (IOException e) {
                    throw new Unusable("saved graph damaged (" + e.getMessage() + ")");
                }
            }
            at = (int) sections[2];
            int edges = count(in.getInt(at));
            int[] source = ints(at + 4, edges);
            int[] target = ints(at + 4 + 4 * edges, edges);
            EdgeKind[] kind = new EdgeKind[edges];
            int kinds = at + 4 + 8 * edges;
            for (int e = 0; e < edges; e++) {
                kind[e] = KINDS[in.get(kinds + e)];
            }
            int[] viaIds = ints(kinds + edges, edges);
            String[] via = new String[edges];
            for (int e = 0; e < edges; e++) {
                via[e] = viaIds[e] == 0 ? null : table[viaIds[e] - 1];
            }
            int[] call = ints(kinds + edges + 4 * edges, edges);
            int callRecords = (int) sections[3];
            at = (int) sections[4];
            int[] offsets = ints(at + 4, count(in.getInt(at)));
            for (int e = 0; e < edges; e++) {
                if (source[e] < 0 || source[e] >= functions.length || target[e] < 0
                        || target[e] >= functions.length || call[e] < 0 || call[e] >= offsets.length) {
                    throw new Unusable("saved graph damaged (edge " + e + ")");
                }
            }
            at = (int) sections[5];
            List<Deferral> deferrals = new ArrayList<>();
            n = count(number());
            for (int i = 0; i < n; i++) {
                deferrals.add(new Deferral(string(), named(), string(), named(), position(),
                        number() - 1));
            }
            at = (int) sections[6];
            Map<String, List<FunctionId>> fieldBindings = new LinkedHashMap<>();
            n = count(number());
            for (int i = 0; i < n; i++) {
                String key = string();
                int m = count(number());
                List<FunctionId> bound = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    bound.add(named());
                }
                fieldBindings.put(key, List.copyOf(bound));
            }
            at = (int) sections[7];
            Map<String, List<BindingSite>> bindingSites = new LinkedHashMap<>();
            n = count(number());
            for (int i = 0; i < n; i++) {
                String key = string();
                int m = count(number());
                List<BindingSite> sites = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    sites.add(new BindingSite(named(), position()));
                }
                bindingSites.put(key, sites);
            }
            StoredGraph graph = new StoredGraph(functions, source, target, kind, via, call,
                    id -> new Reader(in, table).callAt(callRecords + offsets[id]));
            return new CallGraph(graph, definitions, deferrals, fieldBindings, bindingSites, models.chainStops(),
                    models.containers(), models.allocators(), models.componentDepth());
        }

        private Reader(ByteBuffer in, String[] table) {
            this.in = in;
            this.table = table;
        }

        /** The call whose record starts at {@code offset}; the file's checksum was checked when it was opened. */
        CallFact callAt(int offset) {
            at = offset;
            try {
                return FactParts.call(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("saved graph damaged at call record " + offset, e);
            }
        }

        @Override
        public int kind() {
            return in.get(at++) & 0xFF;
        }

        @Override
        public String text() {
            byte[] text = new byte[count()];
            in.get(at, text);
            at += text.length;
            return new String(text, StandardCharsets.UTF_8);
        }

        @Override
        public int count() {
            return count(number());
        }

        private FunctionId named() {
            return bool() ? new FunctionId(string(), string()) : null;
        }

        private Position position() {
            try {
                return FactParts.position(this);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }

        private boolean bool() {
            return in.get(at++) != 0;
        }

        private List<String> strings() {
            try {
                return FactParts.strings(this);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String string() {
            int id = number();
            return id == 0 ? null : table[id - 1];
        }

        private String utf() {
            int length = in.getShort(at) & 0xFFFF;
            byte[] bytes = new byte[length];
            in.get(at + 2, bytes);
            at += 2 + length;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private int[] ints(int from, int n) {
            int[] out = new int[n];
            in.duplicate().position(from).slice().asIntBuffer().get(out);
            return out;
        }

        /** A count read from the file: never more than the bytes it has, so damage cannot ask for gigabytes. */
        private int count(int n) {
            if (n < 0 || n > in.capacity()) {
                throw new IllegalStateException("bad count " + n);
            }
            return n;
        }

        @Override
        public int number() {
            try {
                return FactParts.number(() -> in.get(at++) & 0xFF);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }
    }
}

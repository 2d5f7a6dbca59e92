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
 * read for types, each file's parameter flow and resolved calls (edges and deferrals), and which calls consulted
 * each table entry. Read back ({@link #read}), it is an {@link IncrementalGraph} whose update resolves again only
 * what the patch touches, asking a {@link IncrementalGraph.CallSource} for the calls of just those unchanged files
 * whose calls it must resolve again, so that a check of a patch reads no other file's facts.
 * <p>
 * Strings are numbered in the order first written, each written in full the first time. The file ends with the
 * CRC-32C of all that precedes it and the magic again; one that is missing, damaged or written by another build is
 * refused with a {@link SavedGraph.Unusable} saying why, never misread. Written to a temporary name and renamed
 * into place, so parallel runs leave one whole file.
 */
public final class SavedIncrementalGraph {
    private static final int MAGIC = 0x4B525349; // "KRSI"
    private static final int FORMAT = 2;
    private static final EdgeKind[] KINDS = EdgeKind.values();
    /** Kinds of dependency key whose entry is a name, a (struct, field), a (component, field), a parameter. */
    private static final String NAMED = "nsr";
    private static final String FIELD = "t";
    private static final String COMPONENT = "cb";
    private static final String PARAMETER = "pi";

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
            if (size < 16) {
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

    private static final class Writer implements FactParts.Out {
        private final Sink out;
        private final Map<String, Integer> strings = new HashMap<>(1 << 20);
        private final Map<FunctionId, Integer> functions = new HashMap<>(1 << 20);
        /** The string written last and its number: a file's path, say, comes many times in a row. */
        private String last;
        private int lastId;

        Writer(OutputStream raw) {
            out = new Sink(raw);
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
            // Everything the resolution's tables are made from comes before the resolved calls, so that a reader
            // makes the tables while it reads the calls.
            for (FileFacts unit : graph.units()) {
                List<dev.kreach.analyzer.facts.TypeRef> types = graph.callTypesOf(unit);
                number(types.size());
                for (dev.kreach.analyzer.facts.TypeRef type : types) {
                    FactParts.type(this, type);
                }
                flow(graph.flowOf(unit.path()));
            }
            for (FileFacts unit : graph.units()) {
                Resolution.Resolved[] calls = graph.resolvedOf(unit.path());
                number(calls.length);
                for (Resolution.Resolved call : calls) {
                    resolved(call);
                }
            }
            Map<Resolution.Key, List<IncrementalGraph.CallRef>> dependents = graph.dependents();
            number(dependents.size());
            for (Map.Entry<Resolution.Key, List<IncrementalGraph.CallRef>> e : dependents.entrySet()) {
                key(e.getKey());
                number(e.getValue().size());
                for (IncrementalGraph.CallRef ref : e.getValue()) {
                    string(ref.file());
                    number(ref.call());
                }
            }
            if (out.size() > Integer.MAX_VALUE - 8) {
                throw new IOException("graph too large to save (over 2 GiB)");
            }
            out.flush();
            out.writeInt(out.checksum());
            out.writeInt(MAGIC);
            out.flush();
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

        /** One call's caller, edges and deferrals; the edges all carry the call, written once. */
        private void resolved(Resolution.Resolved call) throws IOException {
            function(call.caller());
            number(call.edges().size());
            if (!call.edges().isEmpty()) {
                call(call.edges().get(0).call());
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
            out.write(text);
        }

        private void key(Resolution.Key key) throws IOException {
            char kind = key.kind();
            out.writeByte(kind);
            Object entry = key.entry();
            if (NAMED.indexOf(kind) >= 0) {
                string((String) entry);
            } else if (FIELD.indexOf(kind) >= 0) {
                Resolution.FieldKey field = (Resolution.FieldKey) entry;
                string(field.struct());
                string(field.field());
            } else if (COMPONENT.indexOf(kind) >= 0) {
                Resolution.ComponentField field = (Resolution.ComponentField) entry;
                string(field.component());
                string(field.field());
            } else if (PARAMETER.indexOf(kind) >= 0) {
                parameter((Resolution.ParamKey) entry);
            } else {
                throw new IOException("a dependency of unknown kind '" + kind + "'");
            }
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
            out.writeBoolean(b);
        }

        @Override
        public void kind(int kind) throws IOException {
            out.writeByte(kind);
        }

        /** 0 for null, a known string's number, or the next number followed by the string itself. */
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
            number(id);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            number(utf8.length);
            out.write(utf8);
        }

        @Override
        public void number(int n) throws IOException {
            out.number(n);
        }
    }

    /**
     * Bytes to a stream a buffer at a time, with their CRC-32C: hundreds of millions of small numbers go through
     * here, too many for a byte-by-byte stream with a lock per write.
     */
    private static final class Sink {
        private final OutputStream raw;
        private final CRC32C crc = new CRC32C();
        private final byte[] buffer = new byte[1 << 16];
        private int used;
        private long flushed;

        Sink(OutputStream raw) {
            this.raw = raw;
        }

        void writeByte(int b) throws IOException {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) b;
        }

        void writeBoolean(boolean b) throws IOException {
            writeByte(b ? 1 : 0);
        }

        void writeInt(int v) throws IOException {
            for (int shift = 24; shift >= 0; shift -= 8) {
                writeByte(v >>> shift);
            }
        }

        void writeLong(long v) throws IOException {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        /** Unsigned LEB128, as {@link FactParts#number(java.io.DataOutput, int)} writes it. */
        void number(int n) throws IOException {
            if (n < 0) {
                throw new IOException("negative number: " + n);
            }
            while ((n & ~0x7F) != 0) {
                writeByte((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            writeByte(n);
        }

        void write(byte[] bytes) throws IOException {
            if (bytes.length > buffer.length - used) {
                flush();
                if (bytes.length > buffer.length) {
                    crc.update(bytes);
                    raw.write(bytes);
                    flushed += bytes.length;
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, used, bytes.length);
            used += bytes.length;
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

    private static final class Reader implements FactParts.In {
        private final ByteBuffer in;
        private final List<String> strings = new ArrayList<>();
        /** Functions read so far, by number: millions of edges name a few hundred thousand. */
        private final List<FunctionId> functions = new ArrayList<>();

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
            in.position(8);
            String writer = utf();
            if (!writer.equals(producer)) {
                throw new SavedGraph.Unusable("saved graph of another kreach build (" + writer + ")");
            }
            if (!utf().equals(label)) {
                throw new SavedGraph.Unusable("saved graph of another tree or other options");
            }
            in.limit(limit - 8);
            List<FileFacts> units = new ArrayList<>();
            int n = count();
            for (int i = 0; i < n; i++) {
                units.add(facts());
            }
            List<FileFacts> headers = new ArrayList<>();
            n = count();
            for (int i = 0; i < n; i++) {
                headers.add(facts());
            }
            Map<String, Resolution.ParameterFlow> flows = new HashMap<>();
            Map<String, Resolution.Resolved[]> resolved = new HashMap<>();
            Map<String, List<dev.kreach.analyzer.facts.TypeRef>> callTypes = new HashMap<>();
            for (FileFacts unit : units) {
                int m = count();
                List<dev.kreach.analyzer.facts.TypeRef> types = new ArrayList<>(m);
                for (int i = 0; i < m; i++) {
                    types.add(FactParts.type(this));
                }
                callTypes.put(unit.path(), List.copyOf(types));
                flows.put(unit.path(), flow());
            }
            // The tables are made on a thread of their own while the resolved calls are read.
            IncrementalGraph.Tables tables = IncrementalGraph.startTables(models, units, headers, flows, calls);
            for (FileFacts unit : units) {
                Resolution.Resolved[] its = new Resolution.Resolved[count()];
                for (int i = 0; i < its.length; i++) {
                    its[i] = resolved();
                }
                resolved.put(unit.path(), its);
            }
            n = count();
            Map<Resolution.Key, List<IncrementalGraph.CallRef>> dependents = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                Resolution.Key key = key();
                int m = count();
                List<IncrementalGraph.CallRef> refs = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    refs.add(new IncrementalGraph.CallRef(string(), number()));
                }
                dependents.put(key, refs);
            }
            if (in.hasRemaining()) {
                throw new SavedGraph.Unusable("saved graph damaged (bytes after the last section)");
            }
            return IncrementalGraph.restore(models, units, headers, tables, resolved, dependents, calls, callTypes)
                    .savedAs(label);
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

        private Resolution.Resolved resolved() throws IOException {
            FunctionId caller = function();
            int n = count();
            List<CallEdge> edges = n == 0 ? List.of() : new ArrayList<>(n);
            if (n > 0) {
                CallFact call = call();
                for (int i = 0; i < n; i++) {
                    FunctionId from = function();
                    FunctionId to = function();
                    int kind = kind();
                    if (kind >= KINDS.length) {
                        throw new IOException("bad edge kind " + kind);
                    }
                    edges.add(new CallEdge(from, to, KINDS[kind], string(), call));
                }
            }
            n = count();
            List<Deferral> deferrals = n == 0 ? List.of() : new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                deferrals.add(new Deferral(string(), optional(), string(), optional(), FactParts.position(this),
                        number() - 1));
            }
            return new Resolution.Resolved(caller, edges, deferrals);
        }

        private CallFact call() throws IOException {
            return FactParts.call(this);
        }

        @Override
        public String text() throws IOException {
            byte[] text = new byte[count()];
            in.get(text);
            return new String(text, StandardCharsets.UTF_8);
        }

        private Resolution.Key key() throws IOException {
            char kind = (char) (in.get() & 0xFF);
            Object entry;
            if (NAMED.indexOf(kind) >= 0) {
                entry = string();
            } else if (FIELD.indexOf(kind) >= 0) {
                entry = new Resolution.FieldKey(string(), string());
            } else if (COMPONENT.indexOf(kind) >= 0) {
                entry = new Resolution.ComponentField(string(), string());
            } else if (PARAMETER.indexOf(kind) >= 0) {
                entry = parameter();
            } else {
                throw new IOException("a dependency of unknown kind " + (int) kind);
            }
            return Resolution.key(kind, entry);
        }

        private void parameters(List<Resolution.ParamKey> into) throws IOException {
            int n = count();
            for (int i = 0; i < n; i++) {
                into.add(parameter());
            }
        }

        private Resolution.ParamKey parameter() throws IOException {
            return new Resolution.ParamKey(function(), number());
        }

        private FunctionId function() throws IOException {
            int id = number();
            if (id < functions.size()) {
                return functions.get(id);
            }
            if (id != functions.size()) {
                throw new IOException("function " + id + " before function " + functions.size());
            }
            String name = string();
            if (name == null) {
                throw new IOException("a function without a name");
            }
            FunctionId f = new FunctionId(name, string());
            functions.add(f);
            return f;
        }

        private FunctionId optional() throws IOException {
            return bool() ? function() : null;
        }

        private boolean bool() {
            return in.get() != 0;
        }

        private String utf() {
            byte[] bytes = new byte[in.getShort() & 0xFFFF];
            in.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public int kind() {
            return in.get() & 0xFF;
        }

        @Override
        public int count() throws IOException {
            int n = number();
            if (n > in.remaining()) {
                throw new IOException("a count of " + n + " beyond the bytes left");
            }
            return n;
        }

        @Override
        public String string() throws IOException {
            int id = stringId();
            return id == 0 ? null : strings.get(id - 1);
        }

        /** A string's number (0 for null), reading the string itself where it is written first. */
        private int stringId() throws IOException {
            int id = number();
            if (id == 0 || id <= strings.size()) {
                return id;
            }
            if (id != strings.size() + 1) {
                throw new IOException("string " + id + " before string " + (strings.size() + 1));
            }
            byte[] utf8 = new byte[count()];
            in.get(utf8);
            // Each string is read once, so the graph read back shares one copy of each.
            strings.add(new String(utf8, StandardCharsets.UTF_8));
            return id;
        }

        /** Unsigned LEB128, as {@link Sink#number} writes it; more than five bytes is damage. */
        @Override
        public int number() throws IOException {
            int n = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = in.get();
                n |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return n;
                }
            }
            throw new IOException("malformed number");
        }
    }
}

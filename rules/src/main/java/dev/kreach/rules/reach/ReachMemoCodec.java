package dev.kreach.rules.reach;

import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.FactParts;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.graph.Reads;
import dev.kreach.rules.refine.ChainCheck;
import dev.kreach.rules.refine.HopCertainty;
import dev.kreach.rules.refine.HopVerdict;
import dev.kreach.rules.refine.Refutation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link ReachMemo} as bytes and back, saved with a base's analysis so that a check against the saved base takes
 * over its rules' searches and checks too. Strings, functions and edges are numbered on first write (chains share
 * most of their edges); the graph it was computed over is named by the key its saved graph carries. Damage (a
 * number beyond those written, an unknown kind, bytes left over) is an {@link IOException}.
 */
public final class ReachMemoCodec {
    private static final EdgeKind[] KINDS = EdgeKind.values();
    private static final HopCertainty[] CERTAINTIES = HopCertainty.values();

    private ReachMemoCodec() {
    }

    /** {@code memo}, naming the graph it was computed over {@code graph} (the saved graph's key). */
    public static byte[] write(ReachMemo memo, String graph) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            Writer out = new Writer(data);
            out.string(graph);
            out.number(memo.rules().size());
            for (Map.Entry<String, ReachMemo.Rule> e : memo.rules().entrySet()) {
                out.string(e.getKey());
                rule(out, e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static ReachMemo read(ByteBuffer bytes) throws IOException {
        try {
            Reader in = new Reader(bytes);
            ReachMemo memo = new ReachMemo(in.string());
            int rules = in.count();
            for (int i = 0; i < rules; i++) {
                String id = in.string();
                memo.put(id, rule(in));
            }
            if (bytes.hasRemaining()) {
                throw new IOException("bytes after the rules' searches");
            }
            return memo;
        } catch (BufferUnderflowException e) {
            throw new IOException("the rules' searches end early");
        }
    }

    private static void rule(Writer out, ReachMemo.Rule rule) throws IOException {
        out.number(rule.dispatch.size());
        for (Map.Entry<String, String> e : new TreeMap<>(rule.dispatch).entrySet()) {
            out.string(e.getKey());
            out.string(e.getValue());
        }
        out.number(rule.joins.size());
        for (Map.Entry<String, Set<String>> e : new TreeMap<>(rule.joins).entrySet()) {
            out.string(e.getKey());
            out.strings(new ArrayList<>(new TreeSet<>(e.getValue())));
        }
        out.strings(new ArrayList<>(new TreeSet<>(rule.owners)));
        out.number(rule.patterns.size());
        for (ReachMemo.Pattern p : rule.patterns) {
            out.edges(p.edges());
            out.flag(p.fromEntry());
        }
        out.number(rule.searches.size());
        for (ReachMemo.Search s : rule.searches) {
            out.string(s.component());
            out.number(s.entries().size());
            for (FunctionId f : s.entries()) {
                out.function(f);
            }
            out.number(s.patterns());
            out.number(s.reached().length);
            for (long h : s.reached()) {
                out.data.writeLong(h);
            }
            out.number(s.found().size());
            for (Map.Entry<CallEdge, List<CallEdge>> e : sortedFound(s.found())) {
                out.edge(e.getKey());
                out.edges(e.getValue());
            }
        }
        out.number(rule.checks.size());
        for (Map.Entry<ReachMemo.ChainKey, ReachMemo.Check> e : sortedChecks(rule.checks)) {
            out.edges(e.getKey().edges());
            ChainCheck.EntryTable table = e.getKey().table();
            out.flag(table != null);
            if (table != null) {
                out.string(table.struct());
                out.string(table.field());
            }
            ChainCheck.Result result = e.getValue().result();
            out.number(result.hops().size());
            for (HopVerdict hop : result.hops()) {
                out.number(hop.certainty().ordinal());
                out.string(hop.evidence());
            }
            Refutation refutation = result.refutation();
            out.flag(refutation != null);
            if (refutation != null) {
                out.number(refutation.hop());
                out.edges(refutation.subpath());
                out.flag(refutation.fromEntry());
                out.string(refutation.evidence());
            }
            Reads.Parts reads = e.getValue().reads().parts();
            out.strings(reads.files());
            out.functions(reads.calls());
            out.functions(reads.callers());
            out.functions(reads.definitions());
            out.number(reads.names().size());
            for (Map.Entry<String, List<FunctionId>> name : reads.names().entrySet()) {
                out.string(name.getKey());
                out.functions(name.getValue());
            }
            out.strings(reads.tables());
            out.flag(reads.deferrals());
            out.flag(reads.everything());
        }
    }

    private static ReachMemo.Rule rule(Reader in) throws IOException {
        Map<String, String> dispatch = new TreeMap<>();
        for (int i = in.count(); i > 0; i--) {
            dispatch.put(in.string(), in.string());
        }
        Map<String, Set<String>> joins = new TreeMap<>();
        for (int i = in.count(); i > 0; i--) {
            joins.put(in.string(), new TreeSet<>(in.strings()));
        }
        ReachMemo.Rule rule = new ReachMemo.Rule(dispatch, joins, new TreeSet<>(in.strings()));
        for (int i = in.count(); i > 0; i--) {
            rule.patterns.add(new ReachMemo.Pattern(in.edges(), in.flag()));
        }
        for (int i = in.count(); i > 0; i--) {
            String component = in.string();
            List<FunctionId> entries = new ArrayList<>();
            for (int k = in.count(); k > 0; k--) {
                entries.add(in.function());
            }
            int patterns = in.number();
            long[] reached = new long[in.count(8)];
            for (int k = 0; k < reached.length; k++) {
                reached[k] = in.bytes.getLong();
            }
            Map<CallEdge, List<CallEdge>> found = new HashMap<>();
            for (int k = in.count(); k > 0; k--) {
                found.put(in.edge(), in.edges());
            }
            rule.searches.add(new ReachMemo.Search(component, List.copyOf(entries), patterns, reached, found));
        }
        for (int i = in.count(); i > 0; i--) {
            List<CallEdge> edges = in.edges();
            ChainCheck.EntryTable table = in.flag() ? new ChainCheck.EntryTable(in.string(), in.string()) : null;
            List<HopVerdict> hops = new ArrayList<>();
            for (int k = in.count(); k > 0; k--) {
                hops.add(new HopVerdict(in.kind(CERTAINTIES), in.string()));
            }
            Refutation refutation = in.flag()
                    ? new Refutation(in.number(), in.edges(), in.flag(), in.string()) : null;
            List<String> files = in.strings();
            List<FunctionId> calls = in.functions();
            List<FunctionId> callers = in.functions();
            List<FunctionId> definitions = in.functions();
            java.util.SortedMap<String, List<FunctionId>> names = new TreeMap<>();
            for (int k = in.count(); k > 0; k--) {
                names.put(in.string(), List.copyOf(in.functions()));
            }
            Reads reads = Reads.of(new Reads.Parts(files, calls, callers, definitions, names, in.strings(),
                    in.flag(), in.flag()));
            rule.checks.put(new ReachMemo.ChainKey(edges, table),
                    new ReachMemo.Check(new ChainCheck.Result(hops, refutation), reads));
        }
        return rule;
    }

    /** In sink order, so that the same memo gives the same bytes. */
    private static List<Map.Entry<CallEdge, List<CallEdge>>> sortedFound(Map<CallEdge, List<CallEdge>> found) {
        List<Map.Entry<CallEdge, List<CallEdge>>> out = new ArrayList<>(found.entrySet());
        out.sort(Map.Entry.comparingByKey(EDGE_ORDER));
        return out;
    }

    private static List<Map.Entry<ReachMemo.ChainKey, ReachMemo.Check>> sortedChecks(
            Map<ReachMemo.ChainKey, ReachMemo.Check> checks) {
        List<Map.Entry<ReachMemo.ChainKey, ReachMemo.Check>> out = new ArrayList<>(checks.entrySet());
        java.util.Comparator<List<CallEdge>> chains = (a, b) -> {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                int c = EDGE_ORDER.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        };
        out.sort((x, y) -> {
            int c = chains.compare(x.getKey().edges(), y.getKey().edges());
            return c != 0 ? c : String.valueOf(x.getKey().table()).compareTo(String.valueOf(y.getKey().table()));
        });
        return out;
    }

    private static final java.util.Comparator<CallEdge> EDGE_ORDER = java.util.Comparator
            .comparing(CallEdge::site).thenComparing(CallEdge::end).thenComparing(CallEdge::caller)
            .thenComparing(CallEdge::callee).thenComparing(CallEdge::kind)
            .thenComparing(e -> String.valueOf(e.via()));

    /** Numbers strings, functions and edges on first write: a new one is 0 and its parts, a known one its number + 1. */
    private static final class Writer implements FactParts.Out {
        final DataOutputStream data;
        private final Map<String, Integer> strings = new HashMap<>();
        private final Map<FunctionId, Integer> functions = new HashMap<>();
        private final Map<CallEdge, Integer> edges = new HashMap<>();

        Writer(DataOutputStream data) {
            this.data = data;
        }

        @Override
        public void kind(int kind) throws IOException {
            data.writeByte(kind);
        }

        @Override
        public void number(int n) throws IOException {
            FactParts.number(data, n);
        }

        @Override
        public void string(String s) throws IOException {
            if (s == null) {
                number(0);
                return;
            }
            Integer known = strings.get(s);
            if (known != null) {
                number(known + 2);
                return;
            }
            strings.put(s, strings.size());
            byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            number(1);
            number(utf8.length);
            data.write(utf8);
        }

        void flag(boolean b) throws IOException {
            data.writeByte(b ? 1 : 0);
        }

        void strings(List<String> list) throws IOException {
            number(list.size());
            for (String s : list) {
                string(s);
            }
        }

        void function(FunctionId f) throws IOException {
            Integer known = functions.get(f);
            if (known != null) {
                number(known + 1);
                return;
            }
            functions.put(f, functions.size());
            number(0);
            string(f.name());
            string(f.file());
        }

        void functions(List<FunctionId> list) throws IOException {
            number(list.size());
            for (FunctionId f : list) {
                function(f);
            }
        }

        void edge(CallEdge e) throws IOException {
            Integer known = edges.get(e);
            if (known != null) {
                number(known + 1);
                return;
            }
            edges.put(e, edges.size());
            number(0);
            function(e.caller());
            function(e.callee());
            kind(e.kind().ordinal());
            string(e.via());
            FactParts.call(this, e.call());
        }

        void edges(List<CallEdge> list) throws IOException {
            number(list.size());
            for (CallEdge e : list) {
                edge(e);
            }
        }
    }

    private static final class Reader implements FactParts.In {
        final ByteBuffer bytes;
        private final List<String> strings = new ArrayList<>();
        private final List<FunctionId> functions = new ArrayList<>();
        private final List<CallEdge> edges = new ArrayList<>();

        Reader(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        @Override
        public int kind() throws IOException {
            return bytes.get() & 0xFF;
        }

        <E> E kind(E[] values) throws IOException {
            int k = kind();
            if (k >= values.length) {
                throw new IOException("an unknown kind " + k);
            }
            return values[k];
        }

        @Override
        public int number() throws IOException {
            return FactParts.number(() -> bytes.get() & 0xFF);
        }

        @Override
        public int count() throws IOException {
            return count(1);
        }

        /** A count of things of at least {@code size} bytes each, checked against the bytes left. */
        int count(int size) throws IOException {
            int n = number();
            if ((long) n * size > bytes.remaining()) {
                throw new IOException("a count of " + n + " beyond the bytes left");
            }
            return n;
        }

        @Override
        public String string() throws IOException {
            int n = number();
            if (n == 0) {
                return null;
            }
            if (n == 1) {
                byte[] utf8 = new byte[count()];
                bytes.get(utf8);
                String s = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
                strings.add(s);
                return s;
            }
            if (n - 2 >= strings.size()) {
                throw new IOException("string " + (n - 2) + " of " + strings.size());
            }
            return strings.get(n - 2);
        }

        boolean flag() throws IOException {
            int b = kind();
            if (b > 1) {
                throw new IOException("a flag of " + b);
            }
            return b == 1;
        }

        List<String> strings() throws IOException {
            List<String> out = new ArrayList<>();
            for (int i = count(); i > 0; i--) {
                out.add(string());
            }
            return out;
        }

        FunctionId function() throws IOException {
            int n = number();
            if (n > 0) {
                if (n - 1 >= functions.size()) {
                    throw new IOException("function " + (n - 1) + " of " + functions.size());
                }
                return functions.get(n - 1);
            }
            String name = string();
            if (name == null) {
                throw new IOException("a function without a name");
            }
            FunctionId f = new FunctionId(name, string());
            functions.add(f);
            return f;
        }

        List<FunctionId> functions() throws IOException {
            List<FunctionId> out = new ArrayList<>();
            for (int i = count(); i > 0; i--) {
                out.add(function());
            }
            return out;
        }

        CallEdge edge() throws IOException {
            int n = number();
            if (n > 0) {
                if (n - 1 >= edges.size()) {
                    throw new IOException("edge " + (n - 1) + " of " + edges.size());
                }
                return edges.get(n - 1);
            }
            FunctionId caller = function();
            FunctionId callee = function();
            EdgeKind kind = kind(KINDS);
            String via = string();
            CallFact call = FactParts.call(this);
            CallEdge e = new CallEdge(caller, callee, kind, via, call);
            edges.add(e);
            return e;
        }

        List<CallEdge> edges() throws IOException {
            List<CallEdge> out = new ArrayList<>();
            for (int i = count(); i > 0; i--) {
                out.add(edge());
            }
            return List.copyOf(out);
        }
    }
}

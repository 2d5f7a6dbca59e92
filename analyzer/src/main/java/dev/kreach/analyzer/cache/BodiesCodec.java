package dev.kreach.analyzer.cache;

import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.Condition;
import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Guard;
import dev.kreach.analyzer.facts.FieldUse;
import dev.kreach.analyzer.facts.Jump;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Return;
import dev.kreach.analyzer.facts.Store;
import dev.kreach.analyzer.facts.Value;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of a file's re-parsed bodies ({@link FileBodies}) in the facts cache, with the headers of the
 * file's directory that the parse read (path to content hash; "-" for one asked for and absent): an entry is used
 * only while those headers are unchanged, since their macros and enumerators gave its constants.
 * {@link #FORMAT} changes whenever the layout does.
 */
public final class BodiesCodec implements FactsCache.Codec<BodiesCodec.Entry> {
    static final int FORMAT = 6;
    private static final int MAGIC = 0x4B524642; // "KRFB"

    /** What one entry holds. */
    public record Entry(FileBodies bodies, Map<String, String> headers) {
        public Entry {
            headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
        }
    }

    public static final BodiesCodec CODEC = new BodiesCodec();

    private BodiesCodec() {
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
    public void write(Entry entry, DataOutputStream out) throws IOException {
        out.writeInt(entry.headers().size());
        for (Map.Entry<String, String> header : entry.headers().entrySet()) {
            string(out, header.getKey());
            string(out, header.getValue());
        }
        FileBodies bodies = entry.bodies();
        string(out, bodies.path());
        body(out, bodies.fileScope());
        Map<String, FunctionBody> sorted = new TreeMap<>(bodies.functions());
        out.writeInt(sorted.size());
        for (Map.Entry<String, FunctionBody> f : sorted.entrySet()) {
            string(out, f.getKey());
            body(out, f.getValue());
        }
    }

    @Override
    public Entry read(ByteBuffer in) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        for (int i = count(in); i > 0; i--) {
            headers.put(string(in), string(in));
        }
        String path = string(in);
        FunctionBody fileScope = body(in);
        Map<String, FunctionBody> functions = new LinkedHashMap<>();
        for (int i = count(in); i > 0; i--) {
            functions.put(string(in), body(in));
        }
        return new Entry(new FileBodies(path, fileScope, functions), headers);
    }

    private static void body(DataOutputStream out, FunctionBody b) throws IOException {
        string(out, b.function());
        string(out, b.file());
        out.writeInt(b.stores().size());
        for (Store s : b.stores()) {
            value(out, s.target());
            value(out, s.value());
            position(out, s.site());
            guards(out, s.guards());
        }
        out.writeInt(b.calls().size());
        for (BodyCall c : b.calls()) {
            position(out, c.site());
            position(out, c.end());
            string(out, c.name());
            out.writeBoolean(c.base() != null);
            if (c.base() != null) {
                value(out, c.base());
            }
            string(out, c.field());
            values(out, c.arguments());
            guards(out, c.guards());
        }
        out.writeInt(b.returns().size());
        for (Return r : b.returns()) {
            value(out, r.value());
            guards(out, r.guards());
            position(out, r.site());
        }
        out.writeBoolean(b.readable());
        out.writeInt(b.jumps().size());
        for (Jump jump : b.jumps()) {
            position(out, jump.site());
            out.writeByte(jump.kind().ordinal());
            out.writeBoolean(jump.other() != null);
            if (jump.other() != null) {
                position(out, jump.other());
            }
            guards(out, jump.guards());
        }
        out.writeInt(b.fieldUses().size());
        for (FieldUse use : b.fieldUses()) {
            string(out, use.field());
            out.writeByte(use.kind().ordinal());
            position(out, use.site());
            out.writeInt(use.argument());
            out.writeBoolean(use.through());
        }
    }

    private static Jump.Kind kind(byte ordinal) throws IOException {
        Jump.Kind[] kinds = Jump.Kind.values();
        if (ordinal < 0 || ordinal >= kinds.length) {
            throw new IOException("bad jump kind");
        }
        return kinds[ordinal];
    }

    private static FunctionBody body(ByteBuffer in) throws IOException {
        String function = string(in);
        String file = string(in);
        List<Store> stores = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            Value target = value(in);
            Value value = value(in);
            Position site = position(in);
            stores.add(new Store(target, value, site, guards(in)));
        }
        List<BodyCall> calls = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            Position site = position(in);
            Position end = position(in);
            String name = string(in);
            Value base = in.get() != 0 ? value(in) : null;
            String field = string(in);
            calls.add(new BodyCall(site, end, name, base, field, values(in), guards(in)));
        }
        List<Return> returns = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            Value value = value(in);
            List<Guard> guards = guards(in);
            returns.add(new Return(value, guards, position(in)));
        }
        boolean readable = in.get() != 0;
        List<Jump> jumps = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            Position site = position(in);
            Jump.Kind kind = kind(in.get());
            Position other = in.get() != 0 ? position(in) : null;
            jumps.add(new Jump(site, kind, other, guards(in)));
        }
        List<FieldUse> uses = new ArrayList<>();
        FieldUse.Kind[] kinds = FieldUse.Kind.values();
        for (int i = count(in); i > 0; i--) {
            String field = string(in);
            byte kind = in.get();
            if (kind < 0 || kind >= kinds.length) {
                throw new IOException("bad field use kind");
            }
            uses.add(new FieldUse(field, kinds[kind], position(in), in.getInt(), in.get() != 0));
        }
        return new FunctionBody(function, file, stores, calls, returns, readable, jumps, uses);
    }

    private static void guards(DataOutputStream out, List<Guard> guards) throws IOException {
        out.writeInt(guards.size());
        for (Guard g : guards) {
            condition(out, g.condition());
            position(out, g.site());
            string(out, g.text());
        }
    }

    private static List<Guard> guards(ByteBuffer in) throws IOException {
        List<Guard> out = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            out.add(new Guard(condition(in), position(in), string(in)));
        }
        return out;
    }

    private static void condition(DataOutputStream out, Condition c) throws IOException {
        if (c instanceof Condition.Truth t) {
            out.writeByte(0);
            value(out, t.value());
        } else if (c instanceof Condition.Not n) {
            out.writeByte(1);
            condition(out, n.operand());
        } else if (c instanceof Condition.And a) {
            out.writeByte(2);
            condition(out, a.left());
            condition(out, a.right());
        } else if (c instanceof Condition.Or o) {
            out.writeByte(3);
            condition(out, o.left());
            condition(out, o.right());
        } else if (c instanceof Condition.Compare cmp) {
            out.writeByte(4);
            string(out, cmp.op());
            value(out, cmp.left());
            value(out, cmp.right());
        } else if (c instanceof Condition.BitTest b) {
            out.writeByte(5);
            value(out, b.left());
            value(out, b.right());
        } else if (c instanceof Condition.Call call) {
            out.writeByte(6);
            string(out, call.name());
            values(out, call.arguments());
        } else {
            out.writeByte(7);
        }
    }

    private static Condition condition(ByteBuffer in) throws IOException {
        return switch (in.get()) {
            case 0 -> new Condition.Truth(value(in));
            case 1 -> new Condition.Not(condition(in));
            case 2 -> new Condition.And(condition(in), condition(in));
            case 3 -> new Condition.Or(condition(in), condition(in));
            case 4 -> new Condition.Compare(string(in), value(in), value(in));
            case 5 -> new Condition.BitTest(value(in), value(in));
            case 6 -> new Condition.Call(string(in), values(in));
            case 7 -> Condition.OPAQUE;
            default -> throw new IOException("bad condition tag");
        };
    }

    private static void values(DataOutputStream out, List<Value> values) throws IOException {
        out.writeInt(values.size());
        for (Value v : values) {
            value(out, v);
        }
    }

    private static List<Value> values(ByteBuffer in) throws IOException {
        List<Value> out = new ArrayList<>();
        for (int i = count(in); i > 0; i--) {
            out.add(value(in));
        }
        return out;
    }

    private static void value(DataOutputStream out, Value v) throws IOException {
        if (v instanceof Value.Parameter p) {
            out.writeByte(0);
            out.writeInt(p.index());
        } else if (v instanceof Value.Local l) {
            out.writeByte(1);
            string(out, l.name());
        } else if (v instanceof Value.Global g) {
            out.writeByte(2);
            string(out, g.name());
        } else if (v instanceof Value.Constant c) {
            out.writeByte(3);
            out.writeLong(c.value());
            return;
        } else if (v instanceof Value.Unknown u) {
            out.writeByte(4);
            string(out, u.why());
            return;
        } else if (v instanceof Value.Result r) {
            out.writeByte(5);
            string(out, r.function());
            position(out, r.site());
        }
        out.writeInt(v.fields().size());
        for (String f : v.fields()) {
            string(out, f);
        }
    }

    private static Value value(ByteBuffer in) throws IOException {
        byte tag = in.get();
        if (tag == 3) {
            return new Value.Constant(in.getLong());
        }
        if (tag == 4) {
            return new Value.Unknown(string(in));
        }
        Value root = switch (tag) {
            case 0 -> new Value.Parameter(in.getInt(), List.of());
            case 1 -> new Value.Local(string(in), List.of());
            case 2 -> new Value.Global(string(in), List.of());
            case 5 -> new Value.Result(string(in), position(in), List.of());
            default -> throw new IOException("bad value tag");
        };
        int n = count(in);
        if (n > Value.MAX_FIELDS) {
            throw new IOException("bad path length");
        }
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fields.add(string(in));
        }
        return root.with(fields);
    }

    private static void position(DataOutputStream out, Position p) throws IOException {
        out.writeBoolean(p != null);
        if (p != null) {
            string(out, p.file());
            out.writeInt(p.line());
            out.writeInt(p.column());
        }
    }

    private static Position position(ByteBuffer in) throws IOException {
        return in.get() != 0 ? new Position(string(in), in.getInt(), in.getInt()) : null;
    }

    /** A nullable length-prefixed UTF-8 string: -1 for null. */
    private static void string(DataOutputStream out, String s) throws IOException {
        dev.kreach.analyzer.LengthPrefixed.write(out, s);
    }

    private static String string(ByteBuffer in) throws IOException {
        return dev.kreach.analyzer.LengthPrefixed.readNullable(in);
    }

    /** An element count, checked against what is left so that a damaged count cannot ask for gigabytes. */
    private static int count(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IOException("bad count");
        }
        return n;
    }
}

package dev.kreach.analyzer.facts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of the facts — a file's, a function's, a call's, and their small sum types (a callee, an argument,
 * a type reference) — shared by every file that stores them (the facts cache, saved graphs). Each file numbers its
 * strings and numbers its own way; this says only what comes in which order.
 */
public final class FactParts {
    private FactParts() {
    }

    /** Where parts are written: a kind byte, a non-negative number, a string (null allowed). */
    public interface Out {
        void kind(int kind) throws IOException;

        void number(int n) throws IOException;

        void string(String s) throws IOException;

        /** A call's text: a file whose texts are nearly all different keeps them out of its string numbering. */
        default void text(String s) throws IOException {
            string(s);
        }
    }

    /** Where parts are read from; {@code count} is a number that sizes a list (checked against what is left). */
    public interface In {
        int kind() throws IOException;

        int number() throws IOException;

        int count() throws IOException;

        String string() throws IOException;

        /** A call's text, as {@link Out#text} wrote it. */
        default String text() throws IOException {
            return string();
        }
    }

    /** The next unsigned byte of wherever numbers are read from. */
    public interface Bytes {
        int next();
    }

    /** Unsigned LEB128: most numbers of facts (lines, columns, string numbers, sizes) fit one or two bytes. */
    public static void number(java.io.DataOutput out, int n) throws IOException {
        if (n < 0) {
            throw new IOException("negative number: " + n);
        }
        while ((n & ~0x7F) != 0) {
            out.writeByte((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
    }

    /** A number as {@link #number(java.io.DataOutput, int)} writes it; more than five bytes is damage. */
    public static int number(Bytes in) throws IOException {
        int n = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.next();
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return n;
            }
        }
        throw new IOException("malformed number");
    }

    public static void callee(Out out, Callee callee) throws IOException {
        if (callee instanceof Callee.Named named) {
            out.kind(0);
            out.string(named.name());
        } else if (callee instanceof Callee.Field field) {
            out.kind(1);
            type(out, field.owner());
            out.string(field.field());
        } else if (callee instanceof Callee.Parameter parameter) {
            out.kind(2);
            out.number(parameter.index());
            out.string(parameter.name());
        } else {
            out.kind(3);
            out.string(((Callee.Unresolvable) callee).text());
        }
    }

    public static Callee callee(In in) throws IOException {
        int kind = in.kind();
        return switch (kind) {
            case 0 -> new Callee.Named(in.string());
            case 1 -> new Callee.Field(type(in), in.string());
            case 2 -> new Callee.Parameter(in.number(), in.string());
            case 3 -> new Callee.Unresolvable(in.string());
            default -> throw new IOException("bad callee kind " + kind);
        };
    }

    public static void argument(Out out, Argument argument) throws IOException {
        if (argument instanceof Argument.Name name) {
            out.kind(0);
            out.string(name.name());
        } else if (argument instanceof Argument.Parameter parameter) {
            out.kind(1);
            out.number(parameter.index());
        } else if (argument instanceof Argument.FieldOf field) {
            out.kind(2);
            type(out, field.owner());
            out.string(field.field());
        } else {
            out.kind(3);
        }
    }

    public static Argument argument(In in) throws IOException {
        int kind = in.kind();
        return switch (kind) {
            case 0 -> new Argument.Name(in.string());
            case 1 -> new Argument.Parameter(in.number());
            case 2 -> new Argument.FieldOf(type(in), in.string());
            case 3 -> Argument.OTHER;
            default -> throw new IOException("bad argument kind " + kind);
        };
    }

    public static void type(Out out, TypeRef type) throws IOException {
        out.kind(type.base().ordinal());
        out.string(type.name());
        strings(out, type.path());
    }

    public static TypeRef type(In in) throws IOException {
        int base = in.kind();
        if (base >= TypeRef.Base.values().length) {
            throw new IOException("bad type base " + base);
        }
        return new TypeRef(TypeRef.Base.values()[base], in.string(), strings(in));
    }

    public static void position(Out out, Position p) throws IOException {
        out.string(p.file());
        out.number(p.line());
        out.number(p.column());
    }

    public static Position position(In in) throws IOException {
        return new Position(in.string(), in.number(), in.number());
    }

    public static void strings(Out out, List<String> list) throws IOException {
        out.number(list.size());
        for (String s : list) {
            out.string(s);
        }
    }

    public static List<String> strings(In in) throws IOException {
        int n = in.count();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(in.string());
        }
        return list;
    }

    public static void flag(Out out, boolean b) throws IOException {
        out.kind(b ? 1 : 0);
    }

    public static boolean flag(In in) throws IOException {
        int kind = in.kind();
        if (kind > 1) {
            throw new IOException("bad flag " + kind);
        }
        return kind == 1;
    }

    /** A non-negative long (a file's length) as two numbers: its bits above the low 31, then those. */
    public static void wide(Out out, long v) throws IOException {
        if (v < 0) {
            throw new IOException("negative length: " + v);
        }
        out.number((int) (v >>> 31));
        out.number((int) (v & 0x7FFFFFFF));
    }

    public static long wide(In in) throws IOException {
        long high = in.number();
        return high << 31 | in.number();
    }

    /** A map of names, sorted, so that the same facts always give the same bytes. */
    public static void map(Out out, java.util.Map<String, String> map) throws IOException {
        List<String> keys = new ArrayList<>(map.keySet());
        keys.sort(null);
        out.number(keys.size());
        for (String key : keys) {
            out.string(key);
            out.string(map.get(key));
        }
    }

    public static java.util.Map<String, String> map(In in) throws IOException {
        int n = in.count();
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.string(), in.string());
        }
        return map;
    }

    public static void function(Out out, FunctionFact f) throws IOException {
        out.string(f.name());
        out.string(f.file());
        flag(out, f.isStatic());
        out.number(f.line());
        out.number(f.endLine());
        strings(out, f.parameters());
        out.number(f.problems());
        flag(out, f.noreturn());
    }

    public static FunctionFact function(In in) throws IOException {
        return new FunctionFact(in.string(), in.string(), flag(in), in.number(), in.number(), strings(in),
                in.number(), flag(in));
    }

    public static void call(Out out, CallFact call) throws IOException {
        out.string(call.caller());
        callee(out, call.callee());
        out.string(call.file());
        out.number(call.line());
        out.number(call.column());
        out.number(call.endLine());
        out.number(call.endColumn());
        out.number(call.arguments().size());
        for (Argument argument : call.arguments()) {
            argument(out, argument);
        }
        out.text(call.text());
        out.number(call.anchor());
    }

    public static CallFact call(In in) throws IOException {
        String caller = in.string();
        Callee callee = callee(in);
        String file = in.string();
        int line = in.number();
        int column = in.number();
        int endLine = in.number();
        int endColumn = in.number();
        int n = in.count();
        List<Argument> arguments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            arguments.add(argument(in));
        }
        return new CallFact(caller, callee, file, line, column, endLine, endColumn, arguments, in.text(),
                in.number());
    }

    /** One file's facts; without {@code calls}, all but its calls (read back with none). */
    public static void facts(Out out, FileFacts f, boolean calls) throws IOException {
        out.string(f.path());
        out.number(f.lines());
        wide(out, f.length());
        out.string(f.sha256());
        out.number(f.functions().size());
        for (FunctionFact function : f.functions()) {
            function(out, function);
        }
        if (calls) {
            out.number(f.calls().size());
            for (CallFact call : f.calls()) {
                call(out, call);
            }
        }
        out.number(f.bindings().size());
        for (FieldBinding binding : f.bindings()) {
            type(out, binding.owner());
            out.string(binding.field());
            out.string(binding.function());
            position(out, binding.site());
            out.number(binding.parameter() + 1);
        }
        out.number(f.structs().size());
        for (StructLayout struct : f.structs()) {
            out.string(struct.tag());
            out.string(struct.file());
            map(out, struct.structFields());
        }
        map(out, f.returnTypes());
        strings(out, f.declaredStatic());
        out.number(f.includes().size());
        for (FileFacts.Include include : f.includes()) {
            out.string(include.name());
            flag(out, include.system());
        }
        out.number(f.problems().size());
        for (ProblemFact problem : f.problems()) {
            position(out, problem.where());
            out.string(problem.function());
            out.string(problem.cause());
            out.string(problem.text());
        }
        out.number(f.configBlocks().size());
        for (ConfigBlock block : f.configBlocks()) {
            out.number(block.first());
            out.number(block.last());
            strings(out, block.literals());
        }
    }

    /** Facts as {@link #facts(Out, FileFacts, boolean)} wrote them, with the same {@code calls}. */
    public static FileFacts facts(In in, boolean calls) throws IOException {
        String path = in.string();
        int lines = in.number();
        long length = wide(in);
        String sha256 = in.string();
        int n = in.count();
        List<FunctionFact> functions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            functions.add(function(in));
        }
        List<CallFact> callFacts = new ArrayList<>();
        if (calls) {
            n = in.count();
            for (int i = 0; i < n; i++) {
                callFacts.add(call(in));
            }
        }
        n = in.count();
        List<FieldBinding> bindings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bindings.add(new FieldBinding(type(in), in.string(), in.string(), position(in), in.number() - 1));
        }
        n = in.count();
        List<StructLayout> structs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            structs.add(new StructLayout(in.string(), in.string(), map(in)));
        }
        java.util.Map<String, String> returnTypes = map(in);
        List<String> declaredStatic = strings(in);
        n = in.count();
        List<FileFacts.Include> includes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            includes.add(new FileFacts.Include(in.string(), flag(in)));
        }
        n = in.count();
        List<ProblemFact> problems = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            problems.add(new ProblemFact(position(in), in.string(), in.string(), in.string()));
        }
        n = in.count();
        List<ConfigBlock> blocks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            blocks.add(new ConfigBlock(in.number(), in.number(), strings(in)));
        }
        return new FileFacts(path, lines, length, sha256, functions, callFacts, bindings, structs, returnTypes,
                declaredStatic, includes, problems, blocks);
    }
}

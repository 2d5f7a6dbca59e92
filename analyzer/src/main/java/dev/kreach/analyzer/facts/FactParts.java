package dev.kreach.analyzer.facts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of the facts' small sum types — a call's callee, an argument, a type reference — shared by every
 * file that stores them (the facts cache, saved graphs). Each file numbers its strings and numbers its own way;
 * this says only which kind comes first and what follows it.
 */
public final class FactParts {
    private FactParts() {
    }

    /** Where parts are written: a kind byte, a non-negative number, a string (null allowed). */
    public interface Out {
        void kind(int kind) throws IOException;

        void number(int n) throws IOException;

        void string(String s) throws IOException;
    }

    /** Where parts are read from; {@code count} is a number that sizes a list (checked against what is left). */
    public interface In {
        int kind() throws IOException;

        int number() throws IOException;

        int count() throws IOException;

        String string() throws IOException;
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
}

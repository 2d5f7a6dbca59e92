package dev.kreach.analyzer.kbuild;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A Kconfig expression ({@code A && !B}, {@code X86_64 || COMPILE_TEST}, {@code ARCH = "x86"}) in Kconfig's
 * tristate logic: n = 0, m = 1, y = 2. A symbol Kconfig does not define is n; a {@code $(...)} macro (the
 * compiler tests of {@code scripts/Kconfig.include}) cannot be run here and counts as y, as if the test passed.
 */
sealed interface KconfigExpr {
    /** {@code y}. A method, not an interface constant: see {@link Yes}. */
    static KconfigExpr yes() {
        return Yes.Y;
    }

    /**
     * Holds {@code y} outside the interface: an interface constant that builds one of its own implementations
     * deadlocks class initialisation when one thread first touches the constant while another first builds a
     * {@link Sym} (each waits for the class the other is initialising).
     */
    final class Yes {
        static final KconfigExpr Y = new Sym("y");

        private Yes() {
        }
    }

    /** A {@code default} or {@code select}: a value (or target) and the condition after its {@code if}. */
    record Default(KconfigExpr value, KconfigExpr when) {
    }

    /** A symbol, a constant (y, m, n, a number) or a quoted string. */
    record Sym(String name) implements KconfigExpr {
    }

    record Not(KconfigExpr e) implements KconfigExpr {
    }

    record And(List<KconfigExpr> all) implements KconfigExpr {
    }

    record Or(List<KconfigExpr> any) implements KconfigExpr {
    }

    record Compare(String op, Sym left, Sym right) implements KconfigExpr {
    }

    static KconfigExpr and(List<KconfigExpr> parts) {
        List<KconfigExpr> kept = new ArrayList<>();
        for (KconfigExpr p : parts) {
            if (!p.equals(yes())) {
                kept.add(p);
            }
        }
        return kept.isEmpty() ? yes() : kept.size() == 1 ? kept.get(0) : new And(List.copyOf(kept));
    }

    /** The expression's tristate value when symbols have {@code values} ("y", "m", "n" or their string). */
    default int tristate(Function<String, String> values) {
        if (this instanceof Sym s) {
            return tristateOf(valueOf(s, values));
        }
        if (this instanceof Not n) {
            return 2 - n.e().tristate(values);
        }
        if (this instanceof And a) {
            int v = 2;
            for (KconfigExpr e : a.all()) {
                v = Math.min(v, e.tristate(values));
                if (v == 0) {
                    return 0;
                }
            }
            return v;
        }
        if (this instanceof Or o) {
            int v = 0;
            for (KconfigExpr e : o.any()) {
                v = Math.max(v, e.tristate(values));
                if (v == 2) {
                    return 2;
                }
            }
            return v;
        }
        Compare c = (Compare) this;
        String l = valueOf(c.left(), values);
        String r = valueOf(c.right(), values);
        boolean result = switch (c.op()) {
            case "=" -> l.equals(r);
            case "!=" -> !l.equals(r);
            default -> {
                Long a = number(l);
                Long b = number(r);
                int cmp = a != null && b != null ? Long.compare(a, b) : l.compareTo(r);
                yield switch (c.op()) {
                    case "<" -> cmp < 0;
                    case ">" -> cmp > 0;
                    case "<=" -> cmp <= 0;
                    default -> cmp >= 0;
                };
            }
        };
        return result ? 2 : 0;
    }

    /** The string value of a symbol or constant. */
    static String valueOf(Sym s, Function<String, String> values) {
        String n = s.name();
        if (n.startsWith("\"")) {
            String inner = n.substring(1, n.length() - 1);
            return inner.contains("$(") ? "y" : inner;
        }
        if (n.startsWith("$(")) {
            return "y";
        }
        if (n.equals("y") || n.equals("m") || n.equals("n")) {
            return n;
        }
        if (number(n) != null) {
            return n;
        }
        String v = values.apply(n);
        return v == null ? "n" : v;
    }

    private static int tristateOf(String v) {
        return switch (v) {
            case "y" -> 2;
            case "m" -> 1;
            default -> 0;
        };
    }

    private static Long number(String s) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses an expression; a malformed one is an {@link IllegalArgumentException}. */
    static KconfigExpr parse(String text) {
        Parser p = new Parser(tokens(text));
        KconfigExpr e = p.or();
        if (p.at < p.tokens.size()) {
            throw new IllegalArgumentException("unexpected " + p.tokens.get(p.at));
        }
        return e;
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string");
                }
                out.add("\"" + text.substring(i + 1, end) + "\"");
                i = end + 1;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                int level = 0;
                int j = i + 1;
                for (; j < text.length(); j++) {
                    if (text.charAt(j) == '(') {
                        level++;
                    } else if (text.charAt(j) == ')' && --level == 0) {
                        break;
                    }
                }
                out.add(text.substring(i, Math.min(j + 1, text.length())));
                i = j + 1;
            } else if (text.startsWith("&&", i) || text.startsWith("||", i) || text.startsWith("!=", i)
                    || text.startsWith("<=", i) || text.startsWith(">=", i)) {
                out.add(text.substring(i, i + 2));
                i += 2;
            } else if ("!()=<>".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                        || text.charAt(j) == '-' || text.charAt(j) == '.')) {
                    j++;
                }
                if (j == i) {
                    throw new IllegalArgumentException("unexpected '" + c + "'");
                }
                out.add(text.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    /** Recursive descent: or := and ('||' and)*; and := unary ('&&' unary)*; unary := '!' unary | atom. */
    final class Parser {
        final List<String> tokens;
        int at;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        KconfigExpr or() {
            List<KconfigExpr> any = new ArrayList<>(List.of(and()));
            while (peek("||")) {
                at++;
                any.add(and());
            }
            return any.size() == 1 ? any.get(0) : new Or(List.copyOf(any));
        }

        KconfigExpr and() {
            List<KconfigExpr> all = new ArrayList<>(List.of(unary()));
            while (peek("&&")) {
                at++;
                all.add(unary());
            }
            return all.size() == 1 ? all.get(0) : new And(List.copyOf(all));
        }

        KconfigExpr unary() {
            if (peek("!")) {
                at++;
                return new Not(unary());
            }
            if (peek("(")) {
                at++;
                KconfigExpr e = or();
                if (!peek(")")) {
                    throw new IllegalArgumentException("missing )");
                }
                at++;
                return e;
            }
            Sym left = symbol();
            for (String op : List.of("=", "!=", "<", ">", "<=", ">=")) {
                if (peek(op)) {
                    at++;
                    return new Compare(op, left, symbol());
                }
            }
            return left;
        }

        Sym symbol() {
            if (at >= tokens.size()) {
                throw new IllegalArgumentException("expression ends early");
            }
            String t = tokens.get(at++);
            if ("&&||!()=<>!=<=>=".contains(t) && !t.isEmpty() && !Character.isLetterOrDigit(t.charAt(0))) {
                throw new IllegalArgumentException("unexpected " + t);
            }
            return new Sym(t);
        }

        boolean peek(String t) {
            return at < tokens.size() && tokens.get(at).equals(t);
        }
    }
}

package dev.kreach.analyzer.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * A value as one function's body names it, for tracing where a function pointer comes from: an access path (a
 * root and up to {@link #MAX_FIELDS} fields, {@code wc->process_func}, {@code task->tk_ops->rpc_call_done}), a
 * constant, or something the tracer cannot follow. Paths are field-based: {@code ->}, {@code .}, {@code &} and
 * {@code *} all name the same object here, and an array element stands for its array.
 */
public sealed interface Value {
    /**
     * The longest path the facts keep; longer ones are unknown. The tracer's own, shorter limit is the rule pack's
     * {@code trace-fields}.
     */
    int MAX_FIELDS = 8;

    /** The function's parameter {@code index} (0-based), then {@code fields}. */
    record Parameter(int index, List<String> fields) implements Value {
        public Parameter {
            fields = List.copyOf(fields);
        }
    }

    /** A local variable of the function, then {@code fields}. */
    record Local(String name, List<String> fields) implements Value {
        public Local {
            fields = List.copyOf(fields);
        }
    }

    /** A name that is neither: a file-scope variable (an ops table), a function, an enumerator or macro constant. */
    record Global(String name, List<String> fields) implements Value {
        public Global {
            fields = List.copyOf(fields);
        }
    }

    /**
     * What the direct call of {@code function} at {@code site} (a call in the same body) returns, then
     * {@code fields}: {@code req = lookup_request(&osd->o_requests, tid)}, {@code fc = fs_context_for_mount(...)}.
     */
    record Result(String function, Position site, List<String> fields) implements Value {
        public Result {
            fields = List.copyOf(fields);
        }
    }

    /** An integer constant ({@code 0}, {@code NULL}, {@code 1U << 3}). */
    record Constant(long value) implements Value {
    }

    /**
     * Anything else, with what it is ({@code why}): a call's result, arithmetic, a path longer than the tracer
     * keeps.
     */
    record Unknown(String why) implements Value {
    }

    /**
     * The unknown of an expression the tracer does not follow. A method, not a constant of this interface: a
     * constant holding an implementation makes the interface's initialization wait for the record's, which (with
     * default methods here) waits for the interface's — a class-initialization deadlock when two threads start
     * them at once, as two body-reading threads did.
     */
    static Value unknown() {
        return Unknowns.EXPRESSION;
    }

    /** The fields after the root; empty for constants and unknowns. */
    default List<String> fields() {
        return List.of();
    }

    /**
     * This path with {@code more} appended; unknown past {@link #MAX_FIELDS}. A constant stays itself (a null
     * pointer's fields hold no function), and so does an unknown.
     */
    default Value with(List<String> more) {
        if (more.isEmpty() || this instanceof Constant || this instanceof Unknown) {
            return this;
        }
        List<String> all = new ArrayList<>(fields());
        all.addAll(more);
        if (all.size() > MAX_FIELDS) {
            return new Unknown("a path of more than " + MAX_FIELDS + " fields");
        }
        return withFields(all);
    }

    /** The same root with exactly {@code fields}. */
    private Value withFields(List<String> fields) {
        if (this instanceof Parameter p) {
            return new Parameter(p.index(), fields);
        } else if (this instanceof Local l) {
            return new Local(l.name(), fields);
        } else if (this instanceof Global g) {
            return new Global(g.name(), fields);
        } else if (this instanceof Result r) {
            return new Result(r.function(), r.site(), fields);
        }
        return this;
    }

    /** The same root with no fields: the object the path starts from. */
    default Value root() {
        return withFields(List.of());
    }

    /** Whether {@code other} has this root and its fields start with this path's fields. */
    default boolean isPrefixOf(Value other) {
        if (!root().equals(other.root()) || this instanceof Constant || this instanceof Unknown) {
            return false;
        }
        List<String> mine = fields();
        List<String> theirs = other.fields();
        return mine.size() <= theirs.size() && theirs.subList(0, mine.size()).equals(mine);
    }

    /** C-like text for evidence: {@code wc->process_func}, {@code arg1->ops}, {@code osd_con_ops.dispatch}. */
    default String text() {
        String root = "?";
        if (this instanceof Parameter p) {
            root = "parameter " + (p.index() + 1);
        } else if (this instanceof Local l) {
            root = l.name();
        } else if (this instanceof Global g) {
            root = g.name();
        } else if (this instanceof Constant c) {
            root = Long.toString(c.value());
        } else if (this instanceof Result r) {
            root = r.function() + "()";
        }
        StringBuilder out = new StringBuilder(root);
        for (String f : fields()) {
            out.append(this instanceof Global ? "." : "->").append(f);
        }
        return out.toString();
    }

}

/** Holds the shared unknown apart from {@link Value}, so initializing one never waits for the other. */
final class Unknowns {
    static final Value EXPRESSION = new Value.Unknown("an expression the tracer does not follow");

    private Unknowns() {
    }
}

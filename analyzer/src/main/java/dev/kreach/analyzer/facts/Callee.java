package dev.kreach.analyzer.facts;

/** What a call expression calls, as written. */
public sealed interface Callee {

    /** {@code foo(...)}: a name that is not a local or parameter of the caller. */
    record Named(String name) implements Callee {
        public Named {
            name = name.intern();
        }
    }

    /** {@code owner->field(...)} or {@code owner.field(...)}; {@code owner} says what struct holds the field. */
    record Field(TypeRef owner, String field) implements Callee {
        public Field {
            field = field.intern();
        }
    }

    /** {@code cb(...)} or {@code (*cb)(...)} where {@code cb} is the caller's parameter number {@code index} (0-based). */
    record Parameter(int index, String name) implements Callee {
    }

    /** Anything else: a local function pointer, a call through an array, a cast; kept so losses are counted. */
    record Unresolvable(String text) implements Callee {
    }
}

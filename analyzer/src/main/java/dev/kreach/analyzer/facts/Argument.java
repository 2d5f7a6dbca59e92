package dev.kreach.analyzer.facts;

/** An argument of a call, reduced to what call-graph resolution can use. */
public sealed interface Argument {

    /** A bare name (or {@code &name}) that is not a local of the caller: maybe a function. */
    record Name(String name) implements Argument {
        public Name {
            name = name.intern();
        }
    }

    /** The caller's own parameter, passed on. */
    record Parameter(int index) implements Argument {
    }

    /** {@code &obj->field} or {@code obj->field}: a field of a typed struct, such as a work item. */
    record FieldOf(TypeRef owner, String field) implements Argument {
        public FieldOf {
            field = field.intern();
        }
    }

    /** Anything else. */
    record Other() implements Argument {
    }

    Argument OTHER = new Other();
}

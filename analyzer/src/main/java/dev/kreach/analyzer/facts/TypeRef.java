package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * The type of the object whose field is called or assigned, as far as one file can tell without headers:
 * a base that is either a known struct or the return type of a named function, followed by a path of fields
 * (for {@code con->ops->dispatch}: base {@code struct ceph_connection}, path {@code [ops]}). The graph stage finishes
 * the walk with the struct layouts of all files and headers.
 */
public record TypeRef(Base base, String name, List<String> path) {

    public enum Base {
        /** {@code name} is a struct tag. */
        STRUCT,
        /** {@code name} is a function whose declared return type is wanted. */
        RETURN_OF,
        /** The base could not be typed (a macro result, an untyped local); {@code name} is empty. */
        UNKNOWN
    }

    public static final TypeRef UNKNOWN = new TypeRef(Base.UNKNOWN, "", List.of());

    public TypeRef {
        name = name.intern();
        path = path.stream().map(String::intern).toList();
    }

    public static TypeRef struct(String tag) {
        return new TypeRef(Base.STRUCT, tag, List.of());
    }

    public static TypeRef returnOf(String function) {
        return new TypeRef(Base.RETURN_OF, function, List.of());
    }

    public TypeRef field(String field) {
        if (base == Base.UNKNOWN) {
            return UNKNOWN;
        }
        List<String> longer = new java.util.ArrayList<>(path);
        longer.add(field);
        return new TypeRef(base, name, longer);
    }

    public boolean known() {
        return base != Base.UNKNOWN;
    }

    @Override
    public String toString() {
        String head = switch (base) {
            case STRUCT -> "struct " + name;
            case RETURN_OF -> name + "()";
            case UNKNOWN -> "?";
        };
        return path.isEmpty() ? head : head + "." + String.join(".", path);
    }
}

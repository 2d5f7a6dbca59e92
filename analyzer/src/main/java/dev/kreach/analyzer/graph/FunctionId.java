package dev.kreach.analyzer.graph;

/**
 * A function with its C linkage: {@code file} is null for external linkage and the defining file for a
 * {@code static} function, so {@code handle_reply} of osd_client.c and of mds_client.c are two vertices.
 */
public record FunctionId(String name, String file) implements Comparable<FunctionId> {

    public static FunctionId external(String name) {
        return new FunctionId(name, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionId f && name.equals(f.name) && java.util.Objects.equals(file, f.file);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + (file == null ? 0 : file.hashCode());
    }

    public boolean isStatic() {
        return file != null;
    }

    /** {@code name} for external linkage, {@code path/file.c:name} for a static function. */
    public String qualified() {
        return file == null ? name : file + ":" + name;
    }

    @Override
    public int compareTo(FunctionId o) {
        int c = name.compareTo(o.name);
        if (c != 0) {
            return c;
        }
        if (file == null || o.file == null) {
            return file == null ? (o.file == null ? 0 : -1) : 1;
        }
        return file.compareTo(o.file);
    }

    @Override
    public String toString() {
        return qualified();
    }
}

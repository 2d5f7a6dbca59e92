package dev.kreach.analyzer.facts;

/**
 * A function stored into a struct field: {@code .dispatch = osd_dispatch} in an initializer of a
 * {@code struct ceph_connection_operations}, or {@code req->r_callback = writepages_finish}.
 * {@code function} is the name as written; the graph stage decides which definition the file sees.
 */
public record FieldBinding(TypeRef owner, String field, String function, Position site) {
    public FieldBinding {
        field = field.intern();
        function = function.intern();
    }
}

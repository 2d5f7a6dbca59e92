package dev.kreach.analyzer.facts;

/**
 * A function stored into a struct field: {@code .dispatch = osd_dispatch} in an initializer of a
 * {@code struct ceph_connection_operations}, or {@code req->r_callback = writepages_finish}. {@code function} is the
 * name as written; the graph stage decides which definition the file sees.
 * <p>
 * With {@code parameter} 0 or more, what is stored is that parameter of {@code function}, the function doing the
 * store: {@code mid->callback = callback;} inside {@code cifs_call_async(..., mid_callback_t *callback, ...)} binds
 * the field to whatever functions callers pass there.
 */
public record FieldBinding(TypeRef owner, String field, String function, Position site, int parameter) {
    public FieldBinding {
        field = field.intern();
        function = function.intern();
    }

    /** A function bound by name. */
    public FieldBinding(TypeRef owner, String field, String function, Position site) {
        this(owner, field, function, site, -1);
    }

    public boolean fromParameter() {
        return parameter >= 0;
    }
}

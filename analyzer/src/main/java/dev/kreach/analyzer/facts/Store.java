package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * An assignment or an initializer as the value tracer reads it: {@code target} gets {@code value} at {@code site}.
 * {@code wc.process_func = process_one_buffer}, {@code struct walk_control wc = { .process_func = ... }} (one store
 * per designated field), {@code con->ops = ops}, and at file scope {@code static const struct ceph_connection_operations
 * osd_con_ops = { .dispatch = osd_dispatch }}. {@code guards}: the conditions it runs under, as a call's are (none at
 * file scope).
 */
public record Store(Value target, Value value, Position site, List<Guard> guards) {
    public Store {
        guards = List.copyOf(guards);
    }
}

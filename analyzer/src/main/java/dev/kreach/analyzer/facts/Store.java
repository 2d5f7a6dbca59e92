package dev.kreach.analyzer.facts;

/**
 * An assignment or an initializer as the value tracer reads it: {@code target} gets {@code value} at {@code site}.
 * {@code wc.process_func = process_one_buffer}, {@code struct walk_control wc = { .process_func = ... }} (one store
 * per designated field), {@code con->ops = ops}, and at file scope {@code static const struct ceph_connection_operations
 * osd_con_ops = { .dispatch = osd_dispatch }}.
 */
public record Store(Value target, Value value, Position site) {
}

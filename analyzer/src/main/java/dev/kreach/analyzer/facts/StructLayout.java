package dev.kreach.analyzer.facts;

import java.util.Map;

/**
 * The fields of one struct definition whose type is itself a struct (or pointer to one): enough to walk
 * {@code con->ops->dispatch} from {@code struct ceph_connection} to {@code struct ceph_connection_operations}.
 */
public record StructLayout(String tag, String file, Map<String, String> structFields) {
    public StructLayout {
        structFields = Map.copyOf(structFields);
    }
}

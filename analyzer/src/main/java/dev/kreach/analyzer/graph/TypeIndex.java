package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.StructLayout;
import dev.kreach.analyzer.facts.TypeRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Struct layouts and function return types gathered from every parsed file and header, used to finish the type
 * walks that single files leave open: {@code struct ceph_connection} . {@code ops} is a
 * {@code struct ceph_connection_operations}.
 */
final class TypeIndex {
    private final Map<String, Map<String, String>> fields = new HashMap<>();
    private final Map<String, String> returnTypes = new HashMap<>();

    TypeIndex(List<FileFacts> files) {
        for (FileFacts file : files) {
            for (StructLayout layout : file.structs()) {
                fields.computeIfAbsent(layout.tag(), t -> new HashMap<>()).putAll(layout.structFields());
            }
            file.returnTypes().forEach(returnTypes::putIfAbsent);
        }
    }

    /** The struct tag a type reference ends at, if every step is known. */
    Optional<String> structOf(TypeRef ref) {
        String tag = switch (ref.base()) {
            case STRUCT -> ref.name();
            case RETURN_OF -> returnTypes.get(ref.name());
            case UNKNOWN -> null;
        };
        for (String field : ref.path()) {
            if (tag == null) {
                return Optional.empty();
            }
            Map<String, String> layout = fields.get(tag);
            tag = layout == null ? null : layout.get(field);
        }
        return Optional.ofNullable(tag);
    }

    int structCount() {
        return fields.size();
    }
}

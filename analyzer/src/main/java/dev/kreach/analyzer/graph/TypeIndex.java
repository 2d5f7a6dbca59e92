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
        return structOf(ref, Resolution.Deps.NONE);
    }

    /** As {@link #structOf(TypeRef)}, telling {@code deps} each layout ({@code s:tag}) and return type read. */
    Optional<String> structOf(TypeRef ref, Resolution.Deps deps) {
        String tag = switch (ref.base()) {
            case STRUCT -> ref.name();
            case RETURN_OF -> {
                deps.consulted('r', ref.name());
                yield returnTypes.get(ref.name());
            }
            case UNKNOWN -> null;
        };
        for (String field : ref.path()) {
            if (tag == null) {
                return Optional.empty();
            }
            deps.consulted('s', tag);
            Map<String, String> layout = fields.get(tag);
            tag = layout == null ? null : layout.get(field);
        }
        return Optional.ofNullable(tag);
    }

    /** The layout of struct {@code tag} as merged from every file (field to struct tag), or null. */
    Map<String, String> layout(String tag) {
        return fields.get(tag);
    }

    String returnType(String function) {
        return returnTypes.get(function);
    }

    java.util.Set<String> tags() {
        return fields.keySet();
    }

    java.util.Set<String> returning() {
        return returnTypes.keySet();
    }

    /**
     * Where a walk stops for want of a definition: the function whose return type is unknown, or the struct whose
     * layout is unknown (as a {@code STRUCT} ref naming it). Empty when the walk completes, or stops at a field that
     * is not itself a struct.
     */
    Optional<TypeRef> firstGap(TypeRef ref) {
        String tag;
        switch (ref.base()) {
            case STRUCT -> tag = ref.name();
            case RETURN_OF -> {
                tag = returnTypes.get(ref.name());
                if (tag == null) {
                    return Optional.of(TypeRef.returnOf(ref.name()));
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        for (String field : ref.path()) {
            Map<String, String> layout = fields.get(tag);
            if (layout == null) {
                return Optional.of(TypeRef.struct(tag));
            }
            tag = layout.get(field);
            if (tag == null) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}

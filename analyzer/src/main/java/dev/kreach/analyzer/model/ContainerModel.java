package dev.kreach.analyzer.model;

/**
 * A keyed container of objects, from the models file: {@code lookup} returns an object that {@code insert} put
 * under the same root. Both name the root by an argument (0-based), the insert names the object too. The value
 * tracer knows a looked-up object only by the container it came from, so a call through one of its fields is
 * verified by a store of the callee into an object that reaches the container's insert.
 */
public record ContainerModel(String insert, int insertRoot, int insertElement, String lookup, int lookupRoot,
        String source) {
}

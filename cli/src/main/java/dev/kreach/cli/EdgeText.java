package dev.kreach.cli;

import dev.kreach.analyzer.graph.CallEdge;

/** How an edge's kind reads in text: "direct", "field ceph_connection_operations.dispatch", "callback cb". */
final class EdgeText {
    private EdgeText() {
    }

    static String kind(CallEdge edge) {
        return edge.via() == null ? edge.kind().label() : edge.kind().label() + " " + edge.via();
    }
}

package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.Position;

/**
 * One call edge: caller, callee, how it was resolved, for indirect kinds what it went through
 * ({@code ceph_connection_operations.dispatch}, a parameter name, a model), and the call expression that made it:
 * where it is, the call as written ({@code iput(req->r_inode)}, whitespace collapsed; empty for model edges) and
 * the position just past its end ({@code site} for model edges). The endpoints are part of the value because
 * JGraphT keys edges by equality.
 */
public record CallEdge(FunctionId caller, FunctionId callee, EdgeKind kind, String via, CallFact call) {

    public Position site() {
        return call.site();
    }

    public String text() {
        return call.text();
    }

    public Position end() {
        return call.end();
    }
}

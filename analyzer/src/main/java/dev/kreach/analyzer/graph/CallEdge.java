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

    /**
     * The same call resolved to the same callee the same way. Hashing uses the call's place, not the whole record
     * (JGraphT hashes each of millions of edges); a macro that expands one call twice gives two equal facts, one edge.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof CallEdge e && kind == e.kind && callee.equals(e.callee) && caller.equals(e.caller)
                && java.util.Objects.equals(via, e.via) && (call == e.call || call.equals(e.call));
    }

    @Override
    public int hashCode() {
        int place = ((call.line() * 31 + call.column()) * 31 + call.endLine()) * 31 + call.endColumn();
        return (place * 31 + callee.hashCode()) * 31 + kind.ordinal();
    }

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

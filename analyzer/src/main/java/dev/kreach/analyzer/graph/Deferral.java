package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.Position;

/**
 * A function registered to run later in another context ({@code INIT_WORK(&con->work, ceph_con_workfn)}): a fact,
 * never a call edge. {@code workItem} names the struct field that holds the work item ({@code ceph_connection.work})
 * when its type is known, else the field name alone or null. {@code workArgument}: which argument of the
 * registering call (0-based) holds the work item, -1 when none does (a binding such as DECLARE_WORK's).
 */
public record Deferral(String api, FunctionId callback, String workItem, FunctionId registrar, Position site,
        int workArgument) {
}

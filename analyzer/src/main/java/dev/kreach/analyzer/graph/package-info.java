/**
 * The call graph: functions with C linkage as vertices, typed call edges with their call sites, built from facts by
 * resolvers (direct, struct field, callback parameter, kernel models). Never sees a file or a CDT type.
 */
package dev.kreach.analyzer.graph;

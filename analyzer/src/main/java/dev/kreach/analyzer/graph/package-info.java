/**
 * The call graph: functions with C linkage as vertices, typed call edges with their call sites, built from facts by
 * resolvers (direct, struct field, callback parameter, kernel models), call by call so that a patch updates it
 * ({@link dev.kreach.analyzer.graph.IncrementalGraph}), held as compressed rows behind JGraphT's interface, and
 * saved to a file of its own, for searching ({@link dev.kreach.analyzer.graph.SavedGraph}) or for updating after a
 * patch ({@link dev.kreach.analyzer.graph.SavedIncrementalGraph}); what an update changed
({@link dev.kreach.analyzer.graph.GraphChange}) and what a computation read of a graph
({@link dev.kreach.analyzer.graph.Reads}). Never reads a source file or sees a CDT type.
 */
package dev.kreach.analyzer.graph;

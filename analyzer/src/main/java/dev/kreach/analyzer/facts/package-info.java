/**
 * What one file says, as plain records: functions, call sites, field bindings, struct layouts, parse losses.
 * No CDT types and no graph: facts are cheap to keep, compare and cache. Must not import parse or graph.
 */
package dev.kreach.analyzer.facts;

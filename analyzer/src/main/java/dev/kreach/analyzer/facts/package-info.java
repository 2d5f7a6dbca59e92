/**
 * What one file says, as plain records: functions, call sites, field bindings, struct layouts, parse losses, and the
 * binary form of their small sum types that every stored file shares ({@link dev.kreach.analyzer.facts.FactParts}).
 * No CDT types and no graph: facts are cheap to keep, compare and cache. Must not import parse or graph.
 */
package dev.kreach.analyzer.facts;

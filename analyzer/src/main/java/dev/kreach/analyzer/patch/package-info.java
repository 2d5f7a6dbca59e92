/**
 * Patch series applied in memory to a tree (JGit's patch parser and applier on an in-memory repository), giving the
 * patched tree as an overlay of the base. Nothing on disk changes. Must not import parse or graph.
 */
package dev.kreach.analyzer.patch;

/**
 * Kernel trees as read-only sets of files: a directory, a tarball read in place, or a bundled resource tree.
 * Knows nothing of C; must not import parse, facts or graph.
 */
package dev.kreach.analyzer.source;

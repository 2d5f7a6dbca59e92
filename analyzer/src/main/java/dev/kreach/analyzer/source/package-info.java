/**
 * Kernel trees as read-only sets of files: a directory, a tarball read in place, a git revision, a bundled resource
 * tree, a tree patched in memory, and a tree that notes what an analysis read of it. Knows nothing of C; must not
 * import parse, facts or graph.
 */
package dev.kreach.analyzer.source;

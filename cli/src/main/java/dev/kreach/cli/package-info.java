/**
 * The picocli command line: scans a tree, prints graphs, paths and statistics as text or Graphviz DOT.
 * Reads results of the analyzer; never re-derives them.
 */
package dev.kreach.cli;

/**
 * C to facts with Eclipse CDT: the fast-mode prelude, configuration symbols, the parser and the fact extractor.
 * The only package that sees CDT types; it hands out {@code facts} records and must not import graph.
 */
package dev.kreach.analyzer.parse;

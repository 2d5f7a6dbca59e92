/**
 * Sources to facts to call graph: reads a kernel tree, parses it with Eclipse CDT and builds the call graph.
 * Must not import anything from the rules, sarif or cli modules; CDT types stay inside {@code parse}.
 */
package dev.kreach.analyzer;

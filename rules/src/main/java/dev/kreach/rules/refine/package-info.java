/**
 * Checks each candidate chain's hops against the code along that chain: the value an indirect call goes through
 * is traced back through the chain's own stores, initializers and arguments. Reads function bodies through
 * {@code analyzer.body}; never CDT, never a report format.
 */
package dev.kreach.rules.refine;

/**
 * Declarative models of kernel core functions outside the scope (which ops fields they call, which arguments they
 * call back, which register deferred work), read from YAML. Must not import parse or graph.
 */
package dev.kreach.analyzer.model;

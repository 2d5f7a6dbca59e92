/** Running independent, deterministic steps on all cores, with results in input order. */
package dev.kreach.analyzer.concurrent;

/**
 * Reading kreach's declarative YAML files (kernel models, rule packs) with errors that name file, line and problem.
 * Knows nothing of what the files mean.
 */
package dev.kreach.analyzer.yaml;

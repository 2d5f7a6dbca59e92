/**
 * Analyses of whole trees kept between runs beside the facts cache, keyed by what they were computed from, and
 * refused with a one-line reason when damaged or of another build. Imports nothing of parse, graph or rules: the
 * payload is its writer's to encode.
 */
package dev.kreach.analyzer.saved;

package dev.kreach.analyzer.facts;

/**
 * A condition that must hold for a call (or a return) to run, where it is written, and its text as the evidence
 * prints it ({@code !fully_written}, {@code !(offload)} for an else branch).
 */
public record Guard(Condition condition, Position site, String text) {
}

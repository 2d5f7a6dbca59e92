package dev.kreach.analyzer.facts;

/** A piece of a file the parser could not understand, with the parser's reason and the text it gave up on. */
public record ProblemFact(Position where, String function, String cause, String text) {
}

package dev.kreach.cli;

/** Output formats of graph and path. */
enum OutputFormat {
    text, dot
}

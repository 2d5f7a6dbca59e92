package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * Lines {@code first}..{@code last} of a file lie in a preprocessor branch whose conditions, in the configuration
 * the file was parsed with, rest on {@code literals}: {@code CONFIG_X} (on), {@code CONFIG_X=m}, {@code !CONFIG_X}
 * (off), {@code CONFIG_X="v"}. Only branches whose conditions mention a {@code CONFIG_} symbol are recorded.
 */
public record ConfigBlock(int first, int last, List<String> literals) {
    public ConfigBlock {
        literals = List.copyOf(literals);
    }

    public boolean contains(int line) {
        return line >= first && line <= last;
    }
}

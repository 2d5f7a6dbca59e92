package dev.kreach.analyzer.kbuild;

/**
 * The values of {@code CONFIG_} symbols, as {@code include/config/auto.conf} gives them to kbuild: {@code y},
 * {@code m}, a string or number, or empty for a symbol that is not set.
 */
public interface Configuration {
    /** The value of {@code symbol} (with its {@code CONFIG_} prefix); empty when unset. */
    String value(String symbol);
}

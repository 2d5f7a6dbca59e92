package dev.kreach.analyzer.kbuild;

/**
 * One configuration fact a decision rested on: symbol {@code CONFIG_X} had {@code value} ({@code y}, {@code m},
 * {@code n} for unset, or a string). Rendered as {@code CONFIG_X}, {@code CONFIG_X=m}, {@code !CONFIG_X} or
 * {@code CONFIG_X="v"}.
 */
public record Literal(String symbol, String value) implements Comparable<Literal> {

    /** The literal of {@code symbol} having {@code value} as a configuration gives it (empty is unset). */
    public static Literal of(String symbol, String value) {
        return new Literal(symbol, value == null || value.isEmpty() ? "n" : value);
    }

    public boolean enabled() {
        return !value.equals("n");
    }

    @Override
    public int compareTo(Literal o) {
        int c = symbol.compareTo(o.symbol);
        return c != 0 ? c : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return switch (value) {
            case "y" -> symbol;
            case "n" -> "!" + symbol;
            case "m" -> symbol + "=m";
            default -> symbol + "=" + (value.startsWith("\"") ? value : "\"" + value + "\"");
        };
    }
}

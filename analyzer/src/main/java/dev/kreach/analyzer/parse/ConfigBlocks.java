package dev.kreach.analyzer.parse;

import dev.kreach.analyzer.facts.ConfigBlock;
import dev.kreach.analyzer.kbuild.Configuration;
import dev.kreach.analyzer.kbuild.Literal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The preprocessor branches of a file that rest on {@code CONFIG_} options, with the literals each rests on in one
 * configuration. A branch of {@code #if}/{@code #elif}/{@code #else} is taken because of every condition of its
 * chain up to its own (an {@code #else} because all of them were false), so its literals are the values of every
 * {@code CONFIG_} symbol those conditions mention: {@code #if A && B ... #else} under A on and B off gives the
 * {@code #else} branch {@code CONFIG_A && !CONFIG_B}, and an {@code #elif C} after {@code #if A} gives
 * {@code !CONFIG_A && CONFIG_C}. Only the taken branch of a chain holds code the facts keep, so the literals
 * are facts of this configuration, never guesses about others. {@code CONFIG_X_MODULE} is read as {@code CONFIG_X}.
 */
public final class ConfigBlocks {
    private ConfigBlocks() {
    }

    /** One open chain: where its current branch starts and the symbols its conditions have mentioned so far. */
    private static final class Chain {
        int branchStart;
        final Set<String> symbols = new LinkedHashSet<>();
    }

    public static List<ConfigBlock> of(String text, Configuration config) {
        List<ConfigBlock> out = new ArrayList<>();
        Deque<Chain> open = new ArrayDeque<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int first = i;
            String line = lines[i];
            while (line.endsWith("\\") && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + " " + lines[++i];
            }
            String s = line.strip();
            if (!s.startsWith("#")) {
                continue;
            }
            String directive = s.substring(1).strip();
            String keyword = directive.split("[\\s(]", 2)[0];
            int lineNo = first + 1;
            switch (keyword) {
                case "if", "ifdef", "ifndef" -> {
                    Chain c = new Chain();
                    c.branchStart = i + 1;
                    c.symbols.addAll(symbols(directive));
                    open.push(c);
                }
                case "elif", "elifdef", "elifndef", "else" -> {
                    Chain c = open.peek();
                    if (c == null) {
                        continue;
                    }
                    emit(out, c, lineNo, config);
                    c.branchStart = i + 1;
                    c.symbols.addAll(symbols(directive));
                }
                case "endif" -> {
                    Chain c = open.poll();
                    if (c != null) {
                        emit(out, c, lineNo, config);
                    }
                }
                default -> {
                }
            }
        }
        // Outer branches first: a line's literals then read from the outside in.
        out.sort(java.util.Comparator.comparingInt(ConfigBlock::first));
        return out;
    }

    private static void emit(List<ConfigBlock> out, Chain c, int endLine, Configuration config) {
        if (c.symbols.isEmpty() || endLine - 1 < c.branchStart + 1) {
            return;
        }
        List<String> literals = new ArrayList<>();
        for (String symbol : c.symbols) {
            literals.add(Literal.of(symbol, config.value(symbol)).toString());
        }
        out.add(new ConfigBlock(c.branchStart + 1, endLine - 1, literals));
    }

    /** The {@code CONFIG_} symbols a condition mentions, {@code _MODULE} folded into its option. */
    static List<String> symbols(String condition) {
        List<String> out = new ArrayList<>();
        for (String name : KernelConfig.mentioned(condition, n -> n).keySet()) {
            String option = name.endsWith("_MODULE") ? name.substring(0, name.length() - "_MODULE".length()) : name;
            if (option.length() > "CONFIG_".length() && !out.contains(option)) {
                out.add(option);
            }
        }
        return out;
    }
}

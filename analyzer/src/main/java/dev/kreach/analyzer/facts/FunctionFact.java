package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * A function definition. {@code problems} counts the parser problem nodes inside its body: a function with any is
 * marked as not parsed cleanly, since calls inside the damaged part may be missing.
 */
public record FunctionFact(String name, String file, boolean isStatic, int line, int endLine, List<String> parameters,
        int problems) {
    public FunctionFact {
        parameters = List.copyOf(parameters);
    }

    public boolean clean() {
        return problems == 0;
    }
}

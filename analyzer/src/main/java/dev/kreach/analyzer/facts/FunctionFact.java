package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * A function definition. {@code problems} counts the parser problem nodes inside its body: a function with any is
 * marked as not parsed cleanly, since calls inside the damaged part may be missing. {@code noreturn}: the definition
 * says the function never returns ({@code __noreturn}, {@code _Noreturn}, {@code __attribute__((noreturn))}).
 */
public record FunctionFact(String name, String file, boolean isStatic, int line, int endLine, List<String> parameters,
        int problems, boolean noreturn) {
    public FunctionFact {
        parameters = List.copyOf(parameters);
    }

    public FunctionFact(String name, String file, boolean isStatic, int line, int endLine, List<String> parameters,
            int problems) {
        this(name, file, isStatic, line, endLine, parameters, problems, false);
    }

    public boolean clean() {
        return problems == 0;
    }
}

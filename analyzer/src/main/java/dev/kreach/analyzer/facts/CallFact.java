package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * One call expression inside a function body: where it starts ({@link #site()}) and where it ends (inclusive,
 * {@link #end()}). A whole kernel has millions of calls, so the two places are kept as numbers in the file.
 * {@code anchor} tells it from identical calls in the same function without its line (the source lines around it,
 * hashed; non-negative; 0 where there is none, as for a model's edge).
 */
public record CallFact(String caller, Callee callee, String file, int line, int column, int endLine, int endColumn,
        List<Argument> arguments, String text, int anchor) {
    public CallFact {
        // Millions of calls to a few hundred thousand names: one copy of each name.
        caller = caller.intern();
        arguments = List.copyOf(arguments);
    }

    public CallFact(String caller, Callee callee, Position site, Position end, List<Argument> arguments,
            String text, int anchor) {
        this(caller, callee, site.file(), site.line(), site.column(), end.line(), end.column(), arguments, text,
                anchor);
    }

    public Position site() {
        return new Position(file, line, column);
    }

    public Position end() {
        return new Position(file, endLine, endColumn);
    }
}

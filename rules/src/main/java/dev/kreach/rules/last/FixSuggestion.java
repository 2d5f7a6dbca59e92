package dev.kreach.rules.last;

import dev.kreach.analyzer.graph.CallGraph;
import java.util.List;

/**
 * The kernel's own way out for a finding, in the terms of the tree scanned: a put that may be the last is deferred
 * out of the context with the rule's deferred-put helpers that the tree defines (or, where it defines them, with a
 * put that drops only a reference that is not the last, deferring the rest); a put that is not the last can say so
 * with such a put. Helpers come from the rule pack ({@code deferred-puts}, {@code not-last-puts}); a helper the
 * tree does not define is not offered.
 */
public final class FixSuggestion {
    private final CallGraph graph;

    public FixSuggestion(CallGraph graph) {
        this.graph = graph;
    }

    public String suggest(LastReference verdict, List<String> deferredPuts, List<String> notLastPuts) {
        List<String> defer = defined(deferredPuts);
        List<String> notLast = defined(notLastPuts);
        if (!verdict.mayBeLast()) {
            return notLast.isEmpty() ? null : "leave it, or make it " + calls(notLast) + " to say in the code that "
                    + "it is not the last";
        }
        String out = "defer the put out of this context"
                + (defer.isEmpty() ? ", to a work item" : ", as " + calls(defer) + " do" + (defer.size() == 1 ? "es" : ""));
        return notLast.isEmpty() ? out : out + "; or drop only a reference that is not the last with "
                + calls(notLast) + " and defer the last one";
    }

    private List<String> defined(List<String> functions) {
        return functions.stream().filter(f -> graph.named(f).stream().anyMatch(id -> graph.definition(id).isPresent()))
                .sorted().toList();
    }

    private static String calls(List<String> functions) {
        return String.join(" or ", functions.stream().map(f -> f + "()").toList());
    }
}

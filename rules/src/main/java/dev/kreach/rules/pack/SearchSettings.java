package dev.kreach.rules.pack;

/**
 * How the chain search treats calls through interfaces and how far it checks a chain, declared in the rule pack
 * ({@code settings:}). {@link Integer#MAX_VALUE} stands for {@code none} (no bound).
 *
 * @param genericComponents an interface whose bound functions span this many components or more is generic: a call
 *     through it goes on only into the components the chain runs for
 * @param traceDepth how many steps (a store, a call up the chain, a caller off it) the value tracer takes back from
 *     an indirect call before it calls the value unknown
 * @param traceCallers how many callers of a function off the chain the tracer follows; more, and the value is unknown
 * @param chainAttempts how many chains to one sink the search tries, after refuted ones, before it drops the finding
 * @param traceFields how many fields an access path the tracer follows may have ({@code task->tk_ops->done}: 2);
 *     a longer one is unknown (k-limiting)
 */
public record SearchSettings(int genericComponents, int traceDepth, int traceCallers, int chainAttempts,
        int traceFields) {
    public SearchSettings {
        if (genericComponents < 1 || traceDepth < 1 || traceCallers < 1 || chainAttempts < 1 || traceFields < 1) {
            throw new IllegalArgumentException("search settings must be positive");
        }
    }
}

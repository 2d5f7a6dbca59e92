package dev.kreach.analyzer.parse;

import java.lang.reflect.Field;

/**
 * The one place where a macro expansion in progress can be stopped: CDT's preprocessor counts every token it makes
 * in one process-wide counter and throws {@code ParseError(TOO_MANY_TOKENS)} once the count passes the counter's
 * limit, from inside the expansion. CDT sets that limit only from project settings and resets it whenever a
 * preprocessor starts, so it cannot serve as a per-file budget when files are parsed on several threads; the
 * {@link ParseWatch} instead engages it (limit 1: the next token on any thread fails) only while a parse over its
 * budget is still running, and re-engages it after a starting preprocessor has reset it. Parses that fail
 * alongside are parsed again.
 */
final class TokenBrake {
    private final Object counter;
    private final Field count;
    private final Field limit;

    private TokenBrake(Object counter, Field count, Field limit) {
        this.counter = counter;
        this.count = count;
        this.limit = limit;
    }

    /** The brake, or null when this CDT keeps its counter elsewhere (then only the parser's own cancel works). */
    static TokenBrake find() {
        try {
            Field field = Class.forName("org.eclipse.cdt.internal.core.parser.scanner.Token")
                    .getDeclaredField("tokenCounter");
            field.setAccessible(true);
            Object counter = field.get(null);
            Field count = counter.getClass().getDeclaredField("count");
            Field limit = counter.getClass().getDeclaredField("limit");
            count.setAccessible(true);
            limit.setAccessible(true);
            if (count.getType() != int.class || limit.getType() != int.class) {
                return null;
            }
            return new TokenBrake(counter, count, limit);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    void engage() {
        set(Integer.MAX_VALUE / 2, 1);
    }

    /** Back to CDT's own state for a preprocessor without token limit (what every kreach parse uses). */
    void release() {
        set(0, -1);
    }

    private void set(int countValue, int limitValue) {
        try {
            count.setInt(counter, countValue);
            limit.setInt(counter, limitValue);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("CDT's token counter became inaccessible", e);
        }
    }
}

package dev.kreach.analyzer.model;

/**
 * An API that registers a function to run later: by call ({@code function} with 0-based argument positions,
 * -1 where absent) or by binding to a field ({@code struct.field}, as DECLARE_WORK's initializer does).
 */
public record DeferralModel(String function, int workArgument, int callbackArgument, String struct, String field,
        String source) {

    public boolean byField() {
        return struct != null;
    }
}

package dev.kreach.rules;

/** A finding's default severity, as SARIF and gcc name them. */
public enum Level {
    ERROR, WARNING, NOTE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

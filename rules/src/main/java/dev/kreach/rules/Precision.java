package dev.kreach.rules;

/** How often a rule's findings are real, in the terms of GitHub code scanning's {@code precision} property. */
public enum Precision {
    VERY_HIGH, HIGH, MEDIUM, LOW;

    /** One level less sure ({@code LOW} stays low). */
    public Precision lower() {
        return this == LOW ? LOW : values()[ordinal() + 1];
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

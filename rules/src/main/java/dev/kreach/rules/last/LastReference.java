package dev.kreach.rules.last;

/**
 * The verdict on a finding's put: {@code reasoner} names the kind of evidence ({@code held-here}, ...) and
 * {@code evidence} says what it is, with {@code file:line} of each reference taken and released; both null for
 * {@link Verdict#MAY_BE_LAST}.
 */
public record LastReference(Verdict verdict, String reasoner, String evidence) {
    public static final LastReference MAY_BE_LAST = new LastReference(Verdict.MAY_BE_LAST, null, null);

    public LastReference {
        if ((verdict == Verdict.MAY_BE_LAST) != (reasoner == null) || (reasoner == null) != (evidence == null)) {
            throw new IllegalArgumentException("a verdict other than may-be-last needs a reasoner and evidence");
        }
    }

    /** Whether the finding stays at its rule's level: only when the put may be the last. */
    public boolean mayBeLast() {
        return verdict == Verdict.MAY_BE_LAST;
    }
}

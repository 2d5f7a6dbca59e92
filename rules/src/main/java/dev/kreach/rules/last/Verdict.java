package dev.kreach.rules.last;

/** What kreach can say about the reference a put drops. */
public enum Verdict {
    /** Nothing shows another reference is held: the put may evict, and the finding is a warning. */
    MAY_BE_LAST,
    /** Another reference to the same object is held across the put: a note. */
    NOT_LAST,
    /** The put may be the last, of an object that cannot have anything to wait for: a note. */
    CANNOT_BLOCK;

    /** {@code may-be-last}, {@code not-last}, {@code cannot-block}, as JSON and SARIF give it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** {@code may be last}, {@code not last}, {@code cannot block}, for summaries. */
    public String words() {
        return label().replace('-', ' ');
    }
}

package dev.kreach.analyzer.kbuild;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A conjunction of configuration literals: what had to hold for kbuild to compile a file, or for the preprocessor
 * to keep a branch, under the configuration that was evaluated. Evaluation is concrete (one configuration), so a
 * condition records the facts the decisions consulted rather than every configuration that would do.
 */
public record Condition(List<Literal> literals) {
    public static final Condition TRUE = new Condition(List.of());

    public Condition {
        literals = List.copyOf(new TreeSet<>(literals));
    }

    public static Condition of(Literal literal) {
        return new Condition(List.of(literal));
    }

    public Condition and(Condition other) {
        if (other.literals.isEmpty()) {
            return this;
        }
        if (literals.isEmpty()) {
            return other;
        }
        List<Literal> all = new ArrayList<>(literals);
        all.addAll(other.literals);
        return new Condition(all);
    }

    public static Condition all(Collection<Condition> conditions) {
        List<Literal> all = new ArrayList<>();
        conditions.forEach(c -> all.addAll(c.literals));
        return new Condition(all);
    }

    public boolean isTrue() {
        return literals.isEmpty();
    }

    /** {@code CONFIG_CEPH_FS && CONFIG_CEPH_FSCACHE}; {@code true} when nothing was needed. */
    @Override
    public String toString() {
        if (literals.isEmpty()) {
            return "true";
        }
        return String.join(" && ", literals.stream().map(Literal::toString).toList());
    }
}

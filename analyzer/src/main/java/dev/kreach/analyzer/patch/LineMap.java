package dev.kreach.analyzer.patch;

/** Where a line of a changed tree stood before the change. */
@FunctionalInterface
public interface LineMap {
    /** The line {@code newLine} of {@code file} had before the change, or -1 when it was added or changed. */
    int oldLine(String file, int newLine);

    /** Knows no line: findings are matched by identity alone. */
    static LineMap none() {
        return (file, line) -> -1;
    }
}

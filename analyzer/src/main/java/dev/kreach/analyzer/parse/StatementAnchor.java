package dev.kreach.analyzer.parse;

/**
 * What tells a call apart from an identical call in the same function without its line number: the source lines
 * just before and after the lines the call spans (the nearest that are not blank), whitespace removed, hashed. An
 * edit elsewhere in the function, blank lines and re-indentation leave it as it was; a line added or changed right
 * next to the call gives a new one (check-patch then matches the call by the patch's line map). Taken from the text
 * as written, not from the syntax tree, so that fast mode and build mode, which expand macros differently, give a
 * call the same anchor.
 */
final class StatementAnchor {
    /** Long lines count by their first characters: enough to tell them apart, cheap to hash. */
    private static final int TEXT = 200;

    private final String[] lines;

    StatementAnchor(String text) {
        this.lines = text.split("\n", -1);
    }

    /** The anchor of a call on lines {@code line} to {@code endLine} (1-based); non-negative. */
    int of(int line, int endLine) {
        String before = "";
        for (int i = line - 2; i >= 0 && before.isEmpty(); i--) {
            before = squeezed(lines[i]);
        }
        String after = "";
        for (int i = endLine; i < lines.length && after.isEmpty(); i++) {
            after = squeezed(lines[i]);
        }
        return (before + '\u0001' + after).hashCode() & 0x7fffffff;
    }

    /** The text without whitespace, at most {@link #TEXT} characters: computed for every call of a whole tree. */
    private static String squeezed(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), TEXT));
        for (int i = 0; i < text.length() && out.length() < TEXT; i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.kreach.analyzer.kbuild;

import java.util.ArrayList;
import java.util.List;

/**
 * A Makefile's logical lines, as make reads them: backslash-newline joined into one line (the break and the next
 * line's leading blanks become one space), then a comment cut at the first {@code #} that is not escaped. Each line
 * keeps the number of its first physical line and whether it began with a tab (a recipe line after a rule).
 */
final class MakeLines {
    record Line(int number, String text, boolean tab) {
    }

    private MakeLines() {
    }

    static List<Line> of(String text) {
        List<Line> out = new ArrayList<>();
        String[] physical = text.split("\r?\n", -1);
        for (int i = 0; i < physical.length; i++) {
            int first = i;
            StringBuilder line = new StringBuilder(physical[i]);
            while (endsWithContinuation(line) && i + 1 < physical.length) {
                line.setLength(line.length() - 1);
                trimTrailing(line);
                line.append(' ').append(physical[++i].stripLeading());
            }
            String raw = line.toString();
            out.add(new Line(first + 1, stripComment(raw), raw.startsWith("\t")));
        }
        return out;
    }

    private static boolean endsWithContinuation(StringBuilder line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static void trimTrailing(StringBuilder line) {
        while (line.length() > 0 && Character.isWhitespace(line.charAt(line.length() - 1))) {
            line.setLength(line.length() - 1);
        }
    }

    static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || line.charAt(i - 1) != '\\')) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}

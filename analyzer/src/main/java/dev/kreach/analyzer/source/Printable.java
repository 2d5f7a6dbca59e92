package dev.kreach.analyzer.source;

/**
 * Text from the input (a file name, a patch line) made safe to print on one terminal line: control characters
 * become visible escapes, so that a name holding an escape sequence cannot rewrite the user's terminal and a raw
 * carriage return cannot hide the start of a message.
 */
public final class Printable {
    private Printable() {
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else {
                    out.append(String.format("\\x%02x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}

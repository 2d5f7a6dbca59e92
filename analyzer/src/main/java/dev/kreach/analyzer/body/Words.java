package dev.kreach.analyzer.body;

/** C identifiers found in text without parsing it: what a search of a tree's text for a field's name needs. */
public final class Words {
    private Words() {
    }

    /** Whether {@code text} holds {@code word} with no identifier character on either side. */
    public static boolean namesWord(String text, String word) {
        // indexOf is vectorised in the JDK; the neighbours are checked only where the word occurs.
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            int after = i + word.length();
            if ((i == 0 || !identifier(text.charAt(i - 1)))
                    && (after == text.length() || !identifier(text.charAt(after)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code c} can be part of a C identifier. */
    public static boolean identifier(char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

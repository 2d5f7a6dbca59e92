package dev.kreach.rules;

/**
 * Plain-text help from Markdown help: one source for both, as SARIF's {@code help.text} and {@code help.markdown}
 * want. Only the Markdown the help files use is undone: headings, emphasis, code spans and links.
 */
final class HelpText {
    private HelpText() {
    }

    static String fromMarkdown(String markdown) {
        StringBuilder out = new StringBuilder();
        for (String line : markdown.strip().split("\n", -1)) {
            String text = line.replaceFirst("^#+\\s*", "")
                    .replaceAll("\\[([^\\]]+)\\]\\(([^)]+)\\)", "$1 ($2)")
                    .replace("**", "")
                    .replace("`", "");
            out.append(text).append('\n');
        }
        return out.toString().strip() + "\n";
    }
}

package dev.kreach.rules;

import java.util.List;

/** A rule's metadata as the registry hands it out: {@link KreachRule} with its help text loaded. */
public record RuleMetadata(String id, String name, String summary, String description, String message,
        String helpMarkdown, String helpText, Level level, List<String> tags, Precision precision) {

    public RuleMetadata {
        tags = List.copyOf(tags);
    }

    /** The warning for one finding. */
    public String message(String sink) {
        return message.replace("{sink}", sink);
    }
}

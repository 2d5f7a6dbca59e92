package dev.kreach.rules.pack;

import dev.kreach.analyzer.yaml.YamlFile;
import dev.kreach.rules.reach.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Findings a maintainer has looked at and set aside, kept beside the tree rather than in it (kernel maintainers do
 * not take tool comments into the source): a YAML file of {@code suppressions}, each naming the rule, the function
 * or the file (or both) of the put, optionally the put's argument text, and, always, the reason. A suppressed
 * finding is no warning; SARIF carries it with the reason as an external suppression, and the summary counts it.
 */
public final class Suppressions {
    public static final Suppressions NONE = new Suppressions(List.of());

    /** One entry; {@code source} is "file:line" of it. Null fields match anything. */
    public record Suppression(String rule, String function, String file, String argument, String reason,
            String source) {

        boolean matches(Finding f) {
            return f.rule().equals(rule)
                    && (function == null || f.function().name().equals(function))
                    && (file == null || f.site().file().equals(file))
                    && (argument == null || argumentOf(f.call()).equals(argument));
        }

        private static String argumentOf(String call) {
            int open = call.indexOf('(');
            int close = call.lastIndexOf(')');
            return open < 0 || close < open ? "" : call.substring(open + 1, close).strip();
        }
    }

    private static final List<String> KEYS = List.of("rule", "function", "file", "argument", "reason");

    private final List<Suppression> entries;

    private Suppressions(List<Suppression> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Suppressions load(Path file) {
        List<Suppression> entries = new ArrayList<>();
        YamlFile.readAll(Suppressions.class, null, List.of(file), RulePackException::new,
                (name, text) -> read(name, text, entries));
        return new Suppressions(entries);
    }

    private static void read(String file, String text, List<Suppression> entries) {
        YamlFile yaml = new YamlFile(file, RulePackException::new);
        Optional<Node> root = yaml.root(text);
        if (root.isEmpty()) {
            return;
        }
        for (NodeTuple entry : yaml.mapping(root.get(), "the top level").getValue()) {
            String key = yaml.scalar(entry.getKeyNode(), "a section name");
            if (!key.equals("suppressions")) {
                throw yaml.error(entry.getKeyNode(), "unknown section '" + key + "' (expected suppressions)");
            }
            for (Node item : yaml.sequence(entry.getValueNode(), "suppressions").getValue()) {
                Map<String, Node> fields = yaml.fields(item, "a suppression", KEYS);
                String rule = yaml.requiredScalar(item, fields, "rule");
                // A blank reason is refused by the scalar read itself ("expected reason").
                String reason = yaml.requiredScalar(item, fields, "reason");
                if (!fields.containsKey("function") && !fields.containsKey("file")) {
                    throw yaml.error(item, "a suppression names the function or the file of the put (or both)");
                }
                entries.add(new Suppression(rule, optional(yaml, fields, "function"), optional(yaml, fields, "file"),
                        optional(yaml, fields, "argument"), reason.strip(), file + ":" + YamlFile.line(item)));
            }
        }
    }

    private static String optional(YamlFile yaml, Map<String, Node> fields, String key) {
        return fields.containsKey(key) ? yaml.scalar(fields.get(key), key) : null;
    }

    /** The first entry that suppresses each finding it matches, in the findings' order. */
    public Map<Finding, Suppression> matching(List<Finding> findings) {
        Map<Finding, Suppression> out = new LinkedHashMap<>();
        for (Finding f : findings) {
            entries.stream().filter(s -> s.matches(f)).findFirst().ifPresent(s -> out.put(f, s));
        }
        return out;
    }

    public List<Suppression> entries() {
        return entries;
    }
}

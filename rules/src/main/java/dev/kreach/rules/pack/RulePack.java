package dev.kreach.rules.pack;

import dev.kreach.analyzer.yaml.YamlFile;
import dev.kreach.rules.Level;
import dev.kreach.rules.Precision;
import dev.kreach.rules.RuleMetadata;
import dev.kreach.rules.RuleRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The rules in effect: the bundled {@code kernel-rules.yaml} plus the user's packs. A pack entry for a rule the
 * registry knows extends it; an entry for a new id must bring its metadata, which joins the registry.
 */
public final class RulePack {
    static final String BUNDLED = "kernel-rules.yaml";
    private static final List<String> RULE_KEYS = List.of("id", "sinks", "contexts", "deferred-puts", "balanced-by",
            "referenced-by", "not-last-puts", "allocated-by", "published-by", "inserted-or-found-by", "handed-off-by", "moved-out-by",
            "inspected-by", "name", "summary", "description", "message", "help", "level", "tags", "precision");

    private final Map<String, RuleSpec.Merger> rules = new LinkedHashMap<>();
    /** The rules as merged, once every pack is read. */
    private List<RuleSpec> merged;
    private RuleRegistry registry;
    private static final List<String> SETTINGS = List.of("generic-components", "trace-depth", "trace-callers",
            "chain-attempts", "trace-fields");
    private final Map<String, Integer> settings = new LinkedHashMap<>();
    private String fingerprint;

    private RulePack(RuleRegistry registry) {
        this.registry = registry;
    }

    public static RulePack bundled() {
        return load(List.of());
    }

    public static RulePack load(List<Path> userPacks) {
        RulePack pack = new RulePack(RuleRegistry.builtIn());
        pack.fingerprint = YamlFile.readAll(RulePack.class, "/dev/kreach/rules/" + BUNDLED, userPacks,
                RulePackException::new, pack::read);
        for (RuleMetadata rule : pack.registry.all()) {
            if (!pack.rules.containsKey(rule.id())) {
                throw new IllegalStateException("rule " + rule.id() + " has metadata but no pack entry");
            }
        }
        return pack;
    }

    /** The SHA-256 of the pack files read (names and texts, in order): equal packs, equal fingerprints. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The rules, in registry order (built-in first, then in the order packs define them). */
    public List<RuleSpec> rules() {
        if (merged == null) {
            merged = registry.all().stream().map(r -> rules.get(r.id()).spec()).toList();
        }
        return merged;
    }

    /** The pack's search settings ({@code settings:} in the packs, a later pack's value replacing an earlier one). */
    public SearchSettings settings() {
        for (String key : SETTINGS) {
            if (!settings.containsKey(key)) {
                throw new IllegalStateException("the bundled rule pack declares no " + key);
            }
        }
        return new SearchSettings(settings.get("generic-components"), settings.get("trace-depth"),
                settings.get("trace-callers"), settings.get("chain-attempts"), settings.get("trace-fields"));
    }

    public RuleRegistry registry() {
        return registry;
    }

    private void read(String file, String text) {
        YamlFile yaml = new YamlFile(file, RulePackException::new);
        Optional<Node> root = yaml.root(text);
        if (root.isEmpty()) {
            return;
        }
        for (NodeTuple entry : yaml.mapping(root.get(), "the top level").getValue()) {
            String key = yaml.scalar(entry.getKeyNode(), "a section name");
            if (key.equals("settings")) {
                Map<String, Node> fields = yaml.fields(entry.getValueNode(), "settings", SETTINGS);
                fields.forEach((name, value) -> settings.put(name, yaml.limit(value, name)));
                continue;
            }
            if (!key.equals("rules")) {
                throw yaml.error(entry.getKeyNode(), "unknown section '" + key + "' (expected rules or settings)");
            }
            for (Node item : yaml.sequence(entry.getValueNode(), "rules").getValue()) {
                rule(yaml, file, item);
            }
        }
    }

    private void rule(YamlFile yaml, String file, Node node) {
        Map<String, Node> fields = yaml.fields(node, "a rule", RULE_KEYS);
        String id = yaml.requiredScalar(node, fields, "id");
        if (!id.matches("[a-z0-9-]+/[a-z0-9-]+")) {
            throw yaml.error(fields.get("id"), "rule id '" + id + "' is not of the form pack/rule-name");
        }
        List<String> sinks = functions(yaml, fields.get("sinks"), "sinks");
        List<String> deferredPuts = functions(yaml, fields.get("deferred-puts"), "deferred-puts");
        List<String> balancedBy = functions(yaml, fields.get("balanced-by"), "balanced-by");
        List<String> referencedBy = functions(yaml, fields.get("referenced-by"), "referenced-by");
        ReferenceCalls references = new ReferenceCalls(balancedBy, referencedBy,
                functions(yaml, fields.get("not-last-puts"), "not-last-puts"),
                functions(yaml, fields.get("allocated-by"), "allocated-by"),
                functions(yaml, fields.get("published-by"), "published-by"),
                functions(yaml, fields.get("inserted-or-found-by"), "inserted-or-found-by"),
                functions(yaml, fields.get("handed-off-by"), "handed-off-by"),
                functions(yaml, fields.get("moved-out-by"), "moved-out-by"),
                functions(yaml, fields.get("inspected-by"), "inspected-by"));
        List<ContextEntry> contexts = new ArrayList<>();
        Map<ContextEntry, String> homes = new java.util.LinkedHashMap<>();
        if (fields.containsKey("contexts")) {
            for (Node context : yaml.sequence(fields.get("contexts"), "contexts").getValue()) {
                ContextEntry entry = context(yaml, context);
                contexts.add(entry);
                Node home = yaml.fields(context, "a context", CONTEXT_KEYS).get("in");
                if (home != null) {
                    homes.put(entry, yaml.scalar(home, "a directory of the tree"));
                }
            }
        }
        RuleSpec spec = new RuleSpec(id, sinks, contexts, deferredPuts, references,
                List.of(file + ":" + YamlFile.line(node)), homes);
        boolean known = registry.find(id).isPresent();
        boolean hasMetadata = fields.containsKey("summary") || fields.containsKey("message");
        if (!known) {
            if (!hasMetadata) {
                throw yaml.error(node, "rule " + id + " is not built in; a new rule needs name, summary, "
                        + "description, message, help, level, tags and precision");
            }
            registry = registry.with(metadata(yaml, node, fields, id));
        } else if (hasMetadata && rules.containsKey(id)) {
            throw yaml.error(node, "rule " + id + " already has metadata; a pack may only add sinks, contexts, "
                    + "deferred-puts and the reference calls (balanced-by, referenced-by, not-last-puts, allocated-by, "
                    + "published-by, inserted-or-found-by, handed-off-by, moved-out-by, inspected-by) to it");
        }
        if (rules.containsKey(id)) {
            rules.get(id).add(spec);
        } else {
            if (sinks.isEmpty() || contexts.isEmpty()) {
                throw yaml.error(node, "rule " + id + " needs at least one sink and one context");
            }
            rules.put(id, new RuleSpec.Merger(spec));
        }
    }

    private static RuleMetadata metadata(YamlFile yaml, Node node, Map<String, Node> fields, String id) {
        String help = yaml.requiredScalar(node, fields, "help");
        String levelText = yaml.requiredScalar(node, fields, "level");
        String precisionText = yaml.requiredScalar(node, fields, "precision");
        Level level;
        Precision precision;
        try {
            level = Level.valueOf(levelText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw yaml.error(fields.get("level"), "level must be error, warning or note, not '" + levelText + "'");
        }
        try {
            precision = Precision.valueOf(precisionText.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw yaml.error(fields.get("precision"),
                    "precision must be very-high, high, medium or low, not '" + precisionText + "'");
        }
        List<String> tags = new ArrayList<>();
        if (fields.containsKey("tags")) {
            for (Node tag : yaml.sequence(fields.get("tags"), "tags").getValue()) {
                tags.add(yaml.scalar(tag, "a tag"));
            }
        }
        return new RuleMetadata(id, yaml.requiredScalar(node, fields, "name"),
                yaml.requiredScalar(node, fields, "summary"), yaml.requiredScalar(node, fields, "description"),
                yaml.requiredScalar(node, fields, "message"), help, RuleRegistry.helpText(help), level, tags,
                precision);
    }

    private static List<String> functions(YamlFile yaml, Node node, String what) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (Node item : yaml.sequence(node, what).getValue()) {
            Map<String, Node> fields = yaml.fields(item, "an entry of " + what, List.of("function"));
            out.add(yaml.requiredScalar(item, fields, "function"));
        }
        return out;
    }

    /** A context's kinds, and where in the tree it is bound ({@code in}, optional). */
    private static final List<String> CONTEXT_KEYS = List.of("field", "work", "function", "thread", "in");

    private static ContextEntry context(YamlFile yaml, Node node) {
        Map<String, Node> fields = new java.util.LinkedHashMap<>(yaml.fields(node, "a context", CONTEXT_KEYS));
        fields.remove("in");
        if (fields.size() != 1) {
            throw yaml.error(node, "a context has exactly one of field, work, function, thread");
        }
        if (fields.containsKey("field")) {
            String[] sf = yaml.structField(fields.get("field"));
            return new ContextEntry.Field(sf[0], sf[1]);
        }
        if (fields.containsKey("work")) {
            String[] sf = yaml.structField(fields.get("work"));
            return new ContextEntry.Work(sf[0], sf[1]);
        }
        if (fields.containsKey("thread")) {
            return new ContextEntry.Thread(yaml.scalar(fields.get("thread"), "a function name"));
        }
        return new ContextEntry.Function(yaml.scalar(fields.get("function"), "a function name"));
    }
}

package dev.kreach.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule kreach knows, with its metadata: the built-in rules listed here explicitly (as Error Prone's
 * BuiltInCheckerSuppliers), plus rules a user's rule pack defines with their metadata in the pack.
 */
public final class RuleRegistry {
    /** The built-in rules, one class each, in the order reports list them. */
    public static final List<Class<?>> BUILT_IN = List.of(IputInWriteback.class, IputInMessenger.class);

    private final Map<String, RuleMetadata> rules = new LinkedHashMap<>();

    private RuleRegistry() {
    }

    public static RuleRegistry builtIn() {
        RuleRegistry registry = new RuleRegistry();
        for (Class<?> rule : BUILT_IN) {
            registry.add(metadataOf(rule));
        }
        return registry;
    }

    /** A registry with one more rule (defined by a user's pack); an id already taken is an error. */
    public RuleRegistry with(RuleMetadata rule) {
        RuleRegistry copy = new RuleRegistry();
        copy.rules.putAll(rules);
        copy.add(rule);
        return copy;
    }

    private void add(RuleMetadata rule) {
        if (rules.putIfAbsent(rule.id(), rule) != null) {
            throw new IllegalArgumentException("rule id " + rule.id() + " is registered twice");
        }
    }

    public Optional<RuleMetadata> find(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    public List<RuleMetadata> all() {
        return new ArrayList<>(rules.values());
    }

    static RuleMetadata metadataOf(Class<?> rule) {
        KreachRule meta = rule.getAnnotation(KreachRule.class);
        if (meta == null) {
            throw new IllegalStateException(rule.getName() + " has no @KreachRule");
        }
        String markdown = resource(rule, meta.helpMarkdown());
        return new RuleMetadata(meta.id(), meta.name(), meta.summary(), meta.description(), meta.message(), markdown,
                HelpText.fromMarkdown(markdown), meta.level(), Arrays.asList(meta.tags()), meta.precision());
    }

    /** The plain-text help of Markdown help. */
    public static String helpText(String markdown) {
        return HelpText.fromMarkdown(markdown);
    }

    private static String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("help resource " + name + " of " + owner.getName() + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.kreach.analyzer.model;

import dev.kreach.analyzer.yaml.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The kernel models in effect: the bundled {@code kernel-models.yaml} plus any files the user adds. A later file's
 * model of a function adds to the earlier ones.
 */
public final class KernelModels {
    static final String BUNDLED = "kernel-models.yaml";

    private final Map<String, List<FunctionModel>> functions = new LinkedHashMap<>();
    private final Map<String, DeferralModel> deferralCalls = new LinkedHashMap<>();
    private final List<DeferralModel> deferralFields = new ArrayList<>();
    private final java.util.Set<String> noreturn = new java.util.TreeSet<>();
    private final java.util.Set<String> reportsOnly = new java.util.TreeSet<>();
    private final java.util.Set<String> userMemory = new java.util.TreeSet<>();
    private final Map<String, ChainStops.DeferredRelease> deferredReleases = new java.util.TreeMap<>();
    private final List<ContainerModel> containers = new ArrayList<>();
    private final java.util.Set<String> allocators = new java.util.TreeSet<>();
    private int componentDepth = -1;
    private String fingerprint;

    private KernelModels() {
    }

    public static KernelModels bundled() {
        return load(List.of());
    }

    /** The bundled models plus the user's files, in order. */
    public static KernelModels load(List<Path> userFiles) {
        KernelModels models = new KernelModels();
        models.fingerprint = YamlFile.readAll(KernelModels.class, BUNDLED, userFiles, ModelFileException::new,
                models::read);
        return models;
    }

    /** The SHA-256 of the model files read (names and texts, in order): equal models, equal fingerprints. */
    public String fingerprint() {
        return fingerprint;
    }

    public List<FunctionModel> modelsOf(String function) {
        return functions.getOrDefault(function, List.of());
    }

    public Map<String, List<FunctionModel>> functionModels() {
        return functions;
    }

    /** Every name a model describes: functions, and deferral calls (many of them macros, INIT_WORK and the like). */
    /** The tree's files that define modelled functions, as their models name them ({@code defined-in}). */
    public java.util.Set<String> definitionFiles() {
        java.util.Set<String> files = new java.util.TreeSet<>();
        functions.values().forEach(ms -> ms.forEach(m -> {
            if (m.definedIn() != null) {
                files.add(m.definedIn());
            }
        }));
        return files;
    }

    public java.util.Set<String> modelledNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(functions.keySet());
        names.addAll(deferralCalls.keySet());
        return names;
    }

    public Optional<DeferralModel> deferralCall(String function) {
        return Optional.ofNullable(deferralCalls.get(function));
    }

    public List<DeferralModel> deferralFields() {
        return deferralFields;
    }

    /**
     * How many directory levels name a component ({@code settings: component-depth}; {@code none}: the whole
     * directory), see {@code graph.Component}.
     */
    public int componentDepth() {
        if (componentDepth < 0) {
            throw new IllegalStateException("the bundled models declare no component-depth");
        }
        return componentDepth;
    }

    /** Containers whose lookups return what their inserts put in. */
    public List<ContainerModel> containers() {
        return List.copyOf(containers);
    }

    /** Functions that return a new object, none of whose fields holds a function until the code stores one. */
    public java.util.Set<String> allocators() {
        return java.util.Collections.unmodifiableSet(allocators);
    }

    /** Where chains stop: noreturn, reports-only, deferred-release and (for kernel threads) user-memory functions. */
    public ChainStops chainStops() {
        return new ChainStops(noreturn, reportsOnly, deferredReleases, userMemory);
    }

    private void read(String file, String text) {
        YamlFile yaml = new YamlFile(file, ModelFileException::new);
        Optional<Node> root = yaml.root(text);
        if (root.isEmpty()) {
            return;
        }
        for (NodeTuple entry : yaml.mapping(root.get(), "the top level").getValue()) {
            String key = yaml.scalar(entry.getKeyNode(), "a section name");
            switch (key) {
                case "models" -> {
                    for (Node item : yaml.sequence(entry.getValueNode(), "models").getValue()) {
                        functionModel(yaml, file, item);
                    }
                }
                case "deferrals" -> {
                    for (Node item : yaml.sequence(entry.getValueNode(), "deferrals").getValue()) {
                        deferral(yaml, file, item);
                    }
                }
                case "noreturn", "reports-only", "allocators", "user-memory" -> {
                    java.util.Set<String> into = switch (key) {
                        case "noreturn" -> noreturn;
                        case "allocators" -> allocators;
                        case "user-memory" -> userMemory;
                        default -> reportsOnly;
                    };
                    for (Node item : yaml.sequence(entry.getValueNode(), key).getValue()) {
                        into.add(yaml.scalar(item, "a function name"));
                    }
                }
                case "deferred-releases" -> {
                    for (Node item : yaml.sequence(entry.getValueNode(), key).getValue()) {
                        deferredRelease(yaml, file, item);
                    }
                }
                case "containers" -> {
                    for (Node item : yaml.sequence(entry.getValueNode(), key).getValue()) {
                        container(yaml, file, item);
                    }
                }
                case "settings" -> settings(yaml, entry.getValueNode());
                default -> throw yaml.error(entry.getKeyNode(), "unknown section '" + key + "' (expected models, "
                        + "deferrals, noreturn, reports-only, user-memory, deferred-releases, containers, allocators or "
                        + "settings)");
            }
        }
    }

    private void settings(YamlFile yaml, Node node) {
        Map<String, Node> fields = yaml.fields(node, "settings", List.of("component-depth"));
        if (fields.containsKey("component-depth")) {
            componentDepth = yaml.limit(fields.get("component-depth"), "component-depth");
        }
    }

    private void functionModel(YamlFile yaml, String file, Node node) {
        Map<String, Node> fields = yaml.fields(node, "a model", List.of("function", "calls", "defined-in"));
        String function = yaml.requiredScalar(node, fields, "function");
        String definedIn = fields.containsKey("defined-in")
                ? yaml.scalar(fields.get("defined-in"), "a file of the tree") : null;
        Node callsNode = fields.get("calls");
        if (callsNode == null) {
            throw yaml.error(node, "model of " + function + " has no 'calls'");
        }
        List<ModelCall> calls = new ArrayList<>();
        for (Node call : yaml.sequence(callsNode, "calls").getValue()) {
            Map<String, Node> callFields = yaml.fields(call, "a call", List.of("field", "function", "argument"));
            if (callFields.size() != 1) {
                throw yaml.error(call, "a call has exactly one of field, function, argument");
            }
            if (callFields.containsKey("field")) {
                String[] structField = yaml.structField(callFields.get("field"));
                calls.add(new ModelCall.Field(structField[0], structField[1]));
            } else if (callFields.containsKey("function")) {
                calls.add(new ModelCall.Function(yaml.scalar(callFields.get("function"), "a function name")));
            } else {
                calls.add(new ModelCall.Argument(yaml.position(callFields.get("argument")) - 1));
            }
        }
        functions.computeIfAbsent(function, f -> new ArrayList<>())
                .add(new FunctionModel(function, calls, file + ":" + YamlFile.line(node), definedIn));
    }

    private void container(YamlFile yaml, String file, Node node) {
        Map<String, Node> fields = yaml.fields(node, "a container", List.of("insert", "lookup", "why"));
        yaml.requiredScalar(node, fields, "why");
        if (!fields.containsKey("insert") || !fields.containsKey("lookup")) {
            throw yaml.error(node, "a container needs 'insert' and 'lookup'");
        }
        Map<String, Node> insert = yaml.fields(fields.get("insert"), "a container's insert",
                List.of("function", "root", "element"));
        Map<String, Node> lookup = yaml.fields(fields.get("lookup"), "a container's lookup",
                List.of("function", "root"));
        for (String key : List.of("root", "element")) {
            if (!insert.containsKey(key)) {
                throw yaml.error(fields.get("insert"), "a container's insert needs '" + key + "'");
            }
        }
        if (!lookup.containsKey("root")) {
            throw yaml.error(fields.get("lookup"), "a container's lookup needs 'root'");
        }
        containers.add(new ContainerModel(yaml.requiredScalar(fields.get("insert"), insert, "function"),
                yaml.position(insert.get("root")) - 1, yaml.position(insert.get("element")) - 1,
                yaml.requiredScalar(fields.get("lookup"), lookup, "function"), yaml.position(lookup.get("root")) - 1,
                file + ":" + YamlFile.line(node)));
    }

    private void deferredRelease(YamlFile yaml, String file, Node node) {
        Map<String, Node> fields = yaml.fields(node, "a deferred release", List.of("function", "defers", "why"));
        String function = yaml.requiredScalar(node, fields, "function");
        String why = yaml.requiredScalar(node, fields, "why");
        List<String> defers = new ArrayList<>();
        if (fields.containsKey("defers")) {
            for (Node callee : yaml.sequence(fields.get("defers"), "defers").getValue()) {
                defers.add(yaml.scalar(callee, "a function name"));
            }
        }
        deferredReleases.put(function, new ChainStops.DeferredRelease(function, defers, why,
                file + ":" + YamlFile.line(node)));
    }

    private void deferral(YamlFile yaml, String file, Node node) {
        Map<String, Node> fields = yaml.fields(node, "a deferral", List.of("function", "work", "callback", "field"));
        String source = file + ":" + YamlFile.line(node);
        if (fields.containsKey("field")) {
            if (fields.size() != 1) {
                throw yaml.error(node, "a field deferral has only 'field'");
            }
            String[] structField = yaml.structField(fields.get("field"));
            deferralFields.add(new DeferralModel(null, -1, -1, structField[0], structField[1], source));
            return;
        }
        String function = yaml.requiredScalar(node, fields, "function");
        int work = fields.containsKey("work") ? yaml.position(fields.get("work")) - 1 : -1;
        int callback = fields.containsKey("callback") ? yaml.position(fields.get("callback")) - 1 : -1;
        if (work < 0 && callback < 0) {
            throw yaml.error(node, "deferral " + function + " needs 'work' or 'callback'");
        }
        deferralCalls.put(function, new DeferralModel(function, work, callback, null, null, source));
    }
}

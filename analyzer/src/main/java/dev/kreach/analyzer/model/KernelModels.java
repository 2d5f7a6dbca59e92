package dev.kreach.analyzer.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The kernel models in effect: the bundled {@code kernel-models.yaml} plus any files the user adds. A later file's
 * model of a function adds to the earlier ones.
 */
public final class KernelModels {
    static final String BUNDLED = "kernel-models.yaml";

    private final Map<String, List<FunctionModel>> functions = new LinkedHashMap<>();
    private final Map<String, DeferralModel> deferralCalls = new LinkedHashMap<>();
    private final List<DeferralModel> deferralFields = new ArrayList<>();

    private KernelModels() {
    }

    public static KernelModels bundled() {
        return load(List.of());
    }

    /** The bundled models plus the user's files, in order. */
    public static KernelModels load(List<Path> userFiles) {
        KernelModels models = new KernelModels();
        try (InputStream in = KernelModels.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " missing from the kreach jar");
            }
            models.read(BUNDLED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : userFiles) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ModelFileException(file.toString(), 0, "cannot read: " + e.getMessage());
            }
            models.read(file.toString(), text);
        }
        return models;
    }

    public List<FunctionModel> modelsOf(String function) {
        return functions.getOrDefault(function, List.of());
    }

    public Map<String, List<FunctionModel>> functionModels() {
        return functions;
    }

    public Optional<DeferralModel> deferralCall(String function) {
        return Optional.ofNullable(deferralCalls.get(function));
    }

    public List<DeferralModel> deferralFields() {
        return deferralFields;
    }

    private void read(String file, String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new ModelFileException(file, e.getProblemMark().getLine() + 1, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ModelFileException(file, 0, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return;
        }
        MappingNode top = mapping(file, root, "the top level");
        for (NodeTuple entry : top.getValue()) {
            String key = scalar(file, entry.getKeyNode(), "a section name");
            switch (key) {
                case "models" -> {
                    for (Node item : sequence(file, entry.getValueNode(), "models").getValue()) {
                        functionModel(file, item);
                    }
                }
                case "deferrals" -> {
                    for (Node item : sequence(file, entry.getValueNode(), "deferrals").getValue()) {
                        deferral(file, item);
                    }
                }
                default -> throw new ModelFileException(file, line(entry.getKeyNode()),
                        "unknown section '" + key + "' (expected models or deferrals)");
            }
        }
    }

    private void functionModel(String file, Node node) {
        Map<String, Node> fields = fields(file, node, "a model", List.of("function", "calls"));
        String function = requiredScalar(file, node, fields, "function");
        Node callsNode = fields.get("calls");
        if (callsNode == null) {
            throw new ModelFileException(file, line(node), "model of " + function + " has no 'calls'");
        }
        List<ModelCall> calls = new ArrayList<>();
        for (Node call : sequence(file, callsNode, "calls").getValue()) {
            Map<String, Node> callFields = fields(file, call, "a call", List.of("field", "function", "argument"));
            if (callFields.size() != 1) {
                throw new ModelFileException(file, line(call), "a call has exactly one of field, function, argument");
            }
            if (callFields.containsKey("field")) {
                String[] structField = structField(file, callFields.get("field"));
                calls.add(new ModelCall.Field(structField[0], structField[1]));
            } else if (callFields.containsKey("function")) {
                calls.add(new ModelCall.Function(scalar(file, callFields.get("function"), "a function name")));
            } else {
                calls.add(new ModelCall.Argument(position(file, callFields.get("argument")) - 1));
            }
        }
        functions.computeIfAbsent(function, f -> new ArrayList<>())
                .add(new FunctionModel(function, calls, file + ":" + line(node)));
    }

    private void deferral(String file, Node node) {
        Map<String, Node> fields = fields(file, node, "a deferral", List.of("function", "work", "callback", "field"));
        String source = file + ":" + line(node);
        if (fields.containsKey("field")) {
            if (fields.size() != 1) {
                throw new ModelFileException(file, line(node), "a field deferral has only 'field'");
            }
            String[] structField = structField(file, fields.get("field"));
            deferralFields.add(new DeferralModel(null, -1, -1, structField[0], structField[1], source));
            return;
        }
        String function = requiredScalar(file, node, fields, "function");
        int work = fields.containsKey("work") ? position(file, fields.get("work")) - 1 : -1;
        int callback = fields.containsKey("callback") ? position(file, fields.get("callback")) - 1 : -1;
        if (work < 0 && callback < 0) {
            throw new ModelFileException(file, line(node), "deferral " + function + " needs 'work' or 'callback'");
        }
        deferralCalls.put(function, new DeferralModel(function, work, callback, null, null, source));
    }

    // ---- YAML node helpers, each failing with file and line ----

    private static Map<String, Node> fields(String file, Node node, String what, List<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping(file, node, what).getValue()) {
            String key = scalar(file, tuple.getKeyNode(), "a key");
            if (!allowed.contains(key)) {
                throw new ModelFileException(file, line(tuple.getKeyNode()),
                        "unknown key '" + key + "' in " + what + " (expected " + String.join(", ", allowed) + ")");
            }
            if (out.put(key, tuple.getValueNode()) != null) {
                throw new ModelFileException(file, line(tuple.getKeyNode()), "duplicate key '" + key + "'");
            }
        }
        return out;
    }

    private static String requiredScalar(String file, Node owner, Map<String, Node> fields, String key) {
        Node node = fields.get(key);
        if (node == null) {
            throw new ModelFileException(file, line(owner), "missing '" + key + "'");
        }
        return scalar(file, node, key);
    }

    private static String[] structField(String file, Node node) {
        String text = scalar(file, node, "STRUCT.FIELD");
        String[] parts = text.split("\\.");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new ModelFileException(file, line(node), "expected STRUCT.FIELD, got '" + text + "'");
        }
        return parts;
    }

    private static int position(String file, Node node) {
        String text = scalar(file, node, "an argument position");
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelFileException(file, line(node), "expected an argument position (1, 2, ...), got '" + text + "'");
    }

    private static MappingNode mapping(String file, Node node, String what) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw new ModelFileException(file, line(node), "expected a mapping for " + what);
    }

    private static SequenceNode sequence(String file, Node node, String what) {
        if (node instanceof SequenceNode s) {
            return s;
        }
        throw new ModelFileException(file, line(node), "expected a list for " + what);
    }

    private static String scalar(String file, Node node, String what) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue().strip();
        }
        throw new ModelFileException(file, line(node), "expected " + what);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}

package dev.kreach.analyzer.yaml;

import dev.kreach.analyzer.BundledText;
import dev.kreach.analyzer.source.BadInputException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
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
 * One YAML file read as a node tree, so that every complaint can say where: each accessor fails with the
 * exception {@link Errors} makes from "file", line and problem.
 */
public final class YamlFile {

    /** Makes the exception for a problem at a line of a file (line 0: the file as a whole). */
    @FunctionalInterface
    public interface Errors {
        BadInputException at(String file, int line, String problem);
    }

    private final String file;
    private final Errors errors;

    public YamlFile(String file, Errors errors) {
        this.file = file;
        this.errors = errors;
    }

    /** The largest YAML file read: a generated pack of tens of thousands of entries is a few MiB. */
    public static final long YAML_BUDGET = 64L * 1024 * 1024;

    /**
     * Hands {@code reader} the bundled resource (looked up from {@code owner}; none when null) and then each user
     * file, in order, as (name, text); a user file that cannot be read is an {@code errors} exception naming it.
     * Returns the SHA-256 of all the names and texts read, in order: what was read, as a key of what it gave.
     */
    public static String readAll(Class<?> owner, String bundled, List<Path> userFiles, Errors errors,
            BiConsumer<String, String> reader) {
        StringBuilder read = new StringBuilder();
        BiConsumer<String, String> hashed = (name, text) -> {
            read.append(name.length()).append(':').append(name).append(text.length()).append(':').append(text);
            reader.accept(name, text);
        };
        if (bundled != null) {
            hashed.accept(bundled.substring(bundled.lastIndexOf('/') + 1), BundledText.of(owner, bundled));
        }
        for (Path file : userFiles) {
            byte[] bytes = dev.kreach.analyzer.source.BoundedInput.read(file, YAML_BUDGET, "YAML file");
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            java.nio.CharBuffer decoded = java.nio.CharBuffer.allocate(bytes.length);
            if (StandardCharsets.UTF_8.newDecoder().decode(in, decoded, true).isError()) {
                int line = 1;
                for (int i = 0; i < in.position(); i++) {
                    line += bytes[i] == '\n' ? 1 : 0;
                }
                throw errors.at(file.toString(), line, "not UTF-8 text (byte " + (in.position() + 1) + ")");
            }
            String text = decoded.flip().toString();
            hashed.accept(file.toString(), text);
        }
        return dev.kreach.analyzer.Sha256.hex(read.toString());
    }

    /** The document's root node; empty for an empty document. */
    public Optional<Node> root(String text) {
        try {
            return Optional.ofNullable(new Yaml(new LoaderOptions()).compose(new StringReader(text)));
        } catch (MarkedYAMLException e) {
            throw errors.at(file, e.getProblemMark().getLine() + 1, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw errors.at(file, 0, "not valid YAML: " + e.getMessage());
        }
    }

    public BadInputException error(Node node, String problem) {
        return errors.at(file, line(node), problem);
    }

    /** A mapping's entries by key, refusing keys not in {@code allowed} and duplicates. */
    public Map<String, Node> fields(Node node, String what, List<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping(node, what).getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(),
                        "unknown key '" + key + "' in " + what + " (expected " + String.join(", ", allowed) + ")");
            }
            if (out.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), "duplicate key '" + key + "'");
            }
        }
        return out;
    }

    public String requiredScalar(Node owner, Map<String, Node> fields, String key) {
        Node node = fields.get(key);
        if (node == null) {
            throw error(owner, "missing '" + key + "'");
        }
        return scalar(node, key);
    }

    /** {@code STRUCT.FIELD}, split. */
    public String[] structField(Node node) {
        String text = scalar(node, "STRUCT.FIELD");
        String[] parts = text.split("\\.");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw error(node, "expected STRUCT.FIELD, got '" + text + "'");
        }
        return parts;
    }

    /**
     * A setting that bounds something: a positive number, or {@code none} for no bound
     * ({@link Integer#MAX_VALUE}).
     */
    public int limit(Node node, String what) {
        String text = scalar(node, what);
        if (text.equals("none")) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(node, what + " must be a positive number or none, got '" + text + "'");
    }

    /** A 1-based argument position. */
    public int position(Node node) {
        String text = scalar(node, "an argument position");
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(node, "expected an argument position (1, 2, ...), got '" + text + "'");
    }

    public MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw error(node, "expected a mapping for " + what);
    }

    public SequenceNode sequence(Node node, String what) {
        if (node instanceof SequenceNode s) {
            return s;
        }
        throw error(node, "expected a list for " + what);
    }

    public String scalar(Node node, String what) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue().strip();
        }
        throw error(node, "expected " + what);
    }

    public static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}

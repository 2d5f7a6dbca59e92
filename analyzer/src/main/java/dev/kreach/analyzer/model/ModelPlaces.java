package dev.kreach.analyzer.model;

import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.source.SourceTree;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where, in the tree, a modelled function makes each call its model describes: {@code folio_invalidate()}'s
 * {@code aops->invalidate_folio(...)} at mm/truncate.c:NNN, so that a chain step through the model points at code
 * rather than at the model file. Only models that name their {@code defined-in} file are located, and only by
 * reading that one file's text: the definition is the line that starts with the function's name (after its return
 * type, or on its own line in the kernel's style) and reaches a <code>{</code> before a <code>;</code>; the call is
 * the first {@code ->field(} or {@code name(} in its body, placed where its called expression starts, as the parser
 * places calls. A model whose file or definition or call is not found
 * keeps the model file's place; a definition without the call points at the definition.
 */
public final class ModelPlaces {
    public static final ModelPlaces NONE = new ModelPlaces(Map.of());

    private final Map<String, Position> places;

    private ModelPlaces(Map<String, Position> places) {
        this.places = Map.copyOf(places);
    }

    /** Locates every model of {@code models} that names its file, in {@code tree}. */
    public static ModelPlaces locate(SourceTree tree, KernelModels models) {
        Map<String, Position> places = new HashMap<>();
        Map<String, String[]> texts = new HashMap<>();
        for (List<FunctionModel> ofFunction : models.functionModels().values()) {
            for (FunctionModel model : ofFunction) {
                if (model.definedIn() == null) {
                    continue;
                }
                String[] lines = texts.computeIfAbsent(model.definedIn(), path -> read(tree, path));
                int[] body = body(lines, model.function());
                if (body == null) {
                    continue;
                }
                for (ModelCall call : model.calls()) {
                    String target = target(call);
                    if (target == null) {
                        continue;
                    }
                    Position at = callIn(lines, body, call instanceof ModelCall.Field, target);
                    places.putIfAbsent(key(model.function(), target), new Position(model.definedIn(),
                            at == null ? body[0] + 1 : at.line(), at == null ? 1 : at.column()));
                }
            }
        }
        return new ModelPlaces(places);
    }

    /**
     * Where {@code function}'s modelled call of {@code target} (a field name for a call through an ops field, else
     * the called function's name) is in the tree, when it was found.
     */
    public Optional<Position> callOf(String function, String target) {
        return Optional.ofNullable(places.get(key(function, target)));
    }

    private static String key(String function, String target) {
        return function + "|" + target;
    }

    private static String target(ModelCall call) {
        if (call instanceof ModelCall.Field field) {
            return field.field();
        }
        if (call instanceof ModelCall.Function function) {
            return function.name();
        }
        return null;
    }

    private static String[] read(SourceTree tree, String path) {
        try {
            return tree.exists(path) ? tree.read(path).text().split("\n", -1) : new String[0];
        } catch (IOException e) {
            return new String[0];
        }
    }

    /**
     * {definition line, body's first line, its column, body's last line} (0-based lines), or null: the first line
     * starting with {@code name(} after an optional return type that reaches an opening brace before a semicolon.
     */
    static int[] body(String[] lines, String name) {
        Pattern definition = Pattern.compile("^(?:[A-Za-z_][\\w \\t*]*[ \\t*])?" + Pattern.quote(name) + "\\s*\\(");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = definition.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            int line = i;
            int column = m.end();
            while (line < lines.length) {
                int brace = lines[line].indexOf('{', column);
                int semicolon = lines[line].indexOf(';', column);
                if (semicolon >= 0 && (brace < 0 || semicolon < brace)) {
                    break;
                }
                if (brace >= 0) {
                    int end = closing(lines, line, brace);
                    if (end >= 0) {
                        return new int[] {i, line, brace, end};
                    }
                    break;
                }
                line++;
                column = 0;
            }
        }
        return null;
    }

    /** The line of the brace that closes the one at {@code (line, column)}, skipping comments and literals. */
    private static int closing(String[] lines, int line, int column) {
        int depth = 0;
        boolean comment = false;
        for (int l = line; l < lines.length; l++) {
            String text = lines[l];
            for (int c = l == line ? column : 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (comment) {
                    if (ch == '*' && c + 1 < text.length() && text.charAt(c + 1) == '/') {
                        comment = false;
                        c++;
                    }
                } else if (ch == '/' && c + 1 < text.length() && text.charAt(c + 1) == '*') {
                    comment = true;
                    c++;
                } else if (ch == '/' && c + 1 < text.length() && text.charAt(c + 1) == '/') {
                    break;
                } else if (ch == '"' || ch == '\'') {
                    c = endOfLiteral(text, c);
                } else if (ch == '{') {
                    depth++;
                } else if (ch == '}' && --depth == 0) {
                    return l;
                }
            }
        }
        return -1;
    }

    private static int endOfLiteral(String text, int start) {
        char quote = text.charAt(start);
        for (int c = start + 1; c < text.length(); c++) {
            if (text.charAt(c) == '\\') {
                c++;
            } else if (text.charAt(c) == quote) {
                return c;
            }
        }
        return text.length();
    }

    /**
     * Where the called expression that ends in the name at {@code name} starts, as the parser places a call:
     * {@code aops} of {@code aops->invalidate_folio(}, {@code folio} of {@code folio->mapping->a_ops->f(}.
     */
    private static int expressionStart(String line, int name) {
        int i = name;
        while (i > 0) {
            char before = line.charAt(i - 1);
            if (Character.isLetterOrDigit(before) || before == '_' || before == '.') {
                i--;
            } else if (before == '>' && i >= 2 && line.charAt(i - 2) == '-') {
                i -= 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** The first call of {@code target} in the body: {@code ->target(} / {@code .target(} for a field, else {@code target(}. */
    private static Position callIn(String[] lines, int[] body, boolean field, String target) {
        Pattern call = Pattern.compile((field ? "(?:->|\\.)\\s*" : "(?<![\\w>.])") + "(" + Pattern.quote(target)
                + ")\\s*\\(");
        for (int l = body[1]; l <= body[3]; l++) {
            Matcher m = call.matcher(lines[l]);
            if (m.find(l == body[1] ? body[2] : 0)) {
                return new Position("", l + 1, expressionStart(lines[l], m.start(1)) + 1);
            }
        }
        return null;
    }
}

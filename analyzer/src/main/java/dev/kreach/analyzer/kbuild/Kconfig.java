package dev.kreach.analyzer.kbuild;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.kreach.analyzer.source.SourceTree;

/**
 * The Kconfig symbols of one architecture and their dependencies, as far as deciding which options can be on
 * together: {@code config}/{@code menuconfig} with their type, {@code depends on}, {@code def_bool}/{@code default}
 * values of string and number options; {@code if}/{@code menu} blocks, whose conditions their entries inherit; and
 * {@code choice} groups, of which one member is on. {@code source} follows {@code $(SRCARCH)}. Prompts,
 * {@code select}, {@code imply} and help text do not decide whether a symbol can be on and are passed over.
 */
final class Kconfig {
    /** One definition of a symbol (a symbol may be defined in several places; any one that holds enables it). */
    record Definition(String type, KconfigExpr depends, List<KconfigExpr.Default> defaults, int choice,
            KconfigExpr prompt, List<KconfigExpr.Default> selects) {
    }

    /** A choice group: its members in order, its own condition, and the member its {@code default} names. */
    static final class Choice {
        final List<String> members = new ArrayList<>();
        KconfigExpr depends = KconfigExpr.yes();
        final List<KconfigExpr.Default> defaults = new ArrayList<>();
    }

    private final Map<String, List<Definition>> symbols = new LinkedHashMap<>();
    private final List<Choice> choices = new ArrayList<>();
    private final List<KbuildNote> notes = new ArrayList<>();
    private final SourceTree tree;
    private final String arch;
    private int files;

    private Kconfig(SourceTree tree, String arch) {
        this.tree = tree;
        this.arch = arch;
    }

    /** The Kconfig tree from the top-level {@code Kconfig}, or empty when the tree has none. */
    static Optional<Kconfig> read(SourceTree tree, String arch) {
        if (!tree.exists("Kconfig")) {
            return Optional.empty();
        }
        Kconfig k = new Kconfig(tree, arch);
        k.source("Kconfig", new ArrayDeque<>(List.of(KconfigExpr.yes())), 0);
        return Optional.of(k);
    }

    Map<String, List<Definition>> symbols() {
        return symbols;
    }

    List<Choice> choices() {
        return choices;
    }

    List<KbuildNote> notes() {
        return notes;
    }

    int files() {
        return files;
    }

    /** The entry being read: its name, type, conditions and defaults until the next entry starts. */
    private static final class Entry {
        String name;
        String type = "";
        final List<KconfigExpr> depends = new ArrayList<>();
        final List<KconfigExpr.Default> defaults = new ArrayList<>();
        boolean isChoice;
        boolean isMenu;
        /** The condition of the entry's prompt ({@code bool "text" if E}); null when it has none. */
        KconfigExpr prompt;
        final List<KconfigExpr.Default> selects = new ArrayList<>();
    }

    private void source(String path, Deque<KconfigExpr> blocks, int depth) {
        if (depth > 30) {
            notes.add(new KbuildNote(path, 1, "source nested too deeply; not read"));
            return;
        }
        String text;
        try {
            text = tree.read(path).text();
        } catch (IOException e) {
            notes.add(new KbuildNote(path, 1, "sourced but not readable: " + e.getMessage()));
            return;
        }
        files++;
        String[] lines = text.split("\r?\n", -1);
        Entry entry = null;
        Deque<Choice> openChoices = new ArrayDeque<>();
        // Blocks opened in this file: if/menu/choice conditions, popped at their end keyword.
        Deque<String> opened = new ArrayDeque<>();
        int helpIndent = -1;
        boolean inHelp = false;
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            // Join continuation lines.
            while (raw.endsWith("\\") && i + 1 < lines.length) {
                raw = raw.substring(0, raw.length() - 1) + " " + lines[++i].strip();
            }
            int indent = indentOf(raw);
            String s = stripComment(raw).strip();
            if (inHelp) {
                if (raw.isBlank()) {
                    continue;
                }
                if (helpIndent < 0) {
                    helpIndent = indent;
                    continue;
                }
                if (indent >= helpIndent) {
                    continue;
                }
                inHelp = false;
            }
            if (s.isEmpty()) {
                continue;
            }
            String keyword = s.split("\\s+", 2)[0];
            String rest = s.length() > keyword.length() ? s.substring(keyword.length()).strip() : "";
            int lineNo = i + 1;
            switch (keyword) {
                case "config", "menuconfig" -> {
                    finish(entry, blocks, openChoices);
                    entry = new Entry();
                    entry.name = "CONFIG_" + rest;
                }
                case "choice" -> {
                    finish(entry, blocks, openChoices);
                    entry = new Entry();
                    entry.isChoice = true;
                    Choice c = new Choice();
                    choices.add(c);
                    openChoices.push(c);
                    opened.push("choice");
                }
                case "endchoice" -> {
                    finish(entry, blocks, openChoices);
                    entry = null;
                    if (!openChoices.isEmpty()) {
                        openChoices.pop();
                        popBlock(blocks, opened, "choice");
                    }
                }
                case "menu" -> {
                    finish(entry, blocks, openChoices);
                    entry = new Entry();
                    entry.isMenu = true;
                    opened.push("menu");
                }
                case "endmenu" -> {
                    finish(entry, blocks, openChoices);
                    entry = null;
                    popBlock(blocks, opened, "menu");
                }
                case "if" -> {
                    finish(entry, blocks, openChoices);
                    entry = null;
                    blocks.push(parse(rest, path, lineNo));
                    opened.push("if");
                }
                case "endif" -> {
                    finish(entry, blocks, openChoices);
                    entry = null;
                    popBlock(blocks, opened, "if");
                }
                case "source", "rsource", "osource", "orsource" -> {
                    finish(entry, blocks, openChoices);
                    entry = null;
                    String target = unquote(rest).replace("$(SRCARCH)", arch).replace("$SRCARCH", arch);
                    if (keyword.startsWith("r") || keyword.startsWith("or")) {
                        int slash = path.lastIndexOf('/');
                        target = (slash < 0 ? "" : path.substring(0, slash + 1)) + target;
                    }
                    if (target.contains("$(")) {
                        notes.add(new KbuildNote(path, lineNo, "source " + rest + ": cannot expand; not read"));
                    } else if (tree.exists(target)) {
                        source(target, blocks, depth + 1);
                    } else if (!keyword.startsWith("o")) {
                        notes.add(new KbuildNote(path, lineNo, "source " + target + ": not in the tree"));
                    }
                }
                case "comment", "mainmenu" -> {
                    finish(entry, blocks, openChoices);
                    entry = new Entry();
                }
                case "help", "---help---" -> {
                    inHelp = true;
                    helpIndent = -1;
                }
                case "depends" -> {
                    if (entry != null && rest.startsWith("on")) {
                        entry.depends.add(parse(rest.substring(2).strip(), path, lineNo));
                    }
                }
                case "visible" -> {
                    // A menu's "visible if" hides it from the user; its entries can still be on.
                }
                case "bool", "tristate", "string", "int", "hex" -> {
                    if (entry != null) {
                        entry.type = keyword;
                        if (!rest.isEmpty()) {
                            entry.prompt = promptCondition(rest, path, lineNo);
                        }
                    }
                }
                case "prompt" -> {
                    if (entry != null) {
                        entry.prompt = promptCondition(rest, path, lineNo);
                    }
                }
                case "select" -> {
                    if (entry != null) {
                        entry.selects.add(defaultOf(rest, path, lineNo));
                    }
                }
                case "def_bool", "def_tristate" -> {
                    if (entry != null) {
                        entry.type = keyword.substring(4);
                        entry.defaults.add(defaultOf(rest, path, lineNo));
                    }
                }
                case "default" -> {
                    if (entry != null) {
                        entry.defaults.add(defaultOf(rest, path, lineNo));
                    }
                }
                default -> {
                    // select, imply, range, prompt, option, modules, transitional: no bearing on what can be on.
                }
            }
        }
        finish(entry, blocks, openChoices);
        while (!opened.isEmpty()) {
            String block = opened.pop();
            if (!block.equals("choice")) {
                blocks.pop();
            }
            notes.add(new KbuildNote(path, lines.length, block + " not closed in this file"));
        }
    }

    private static void popBlock(Deque<KconfigExpr> blocks, Deque<String> opened, String kind) {
        if (!opened.isEmpty() && opened.peek().equals(kind)) {
            opened.pop();
            if (blocks.size() > 1) {
                blocks.pop();
            }
        }
    }

    /** Records a finished entry; a menu or choice pushes its condition for the entries inside it. */
    private void finish(Entry entry, Deque<KconfigExpr> blocks, Deque<Choice> openChoices) {
        if (entry == null) {
            return;
        }
        KconfigExpr own = KconfigExpr.and(entry.depends);
        if (entry.isMenu) {
            blocks.push(own);
            return;
        }
        if (entry.isChoice) {
            Choice c = openChoices.peek();
            c.depends = KconfigExpr.and(List.of(KconfigExpr.and(new ArrayList<>(blocks)), own));
            c.defaults.addAll(entry.defaults);
            blocks.push(own);
            return;
        }
        if (entry.name == null) {
            return;
        }
        List<KconfigExpr> all = new ArrayList<>(blocks);
        all.add(own);
        int choice = -1;
        if (!openChoices.isEmpty()) {
            Choice c = openChoices.peek();
            choice = choices.indexOf(c);
            if (!c.members.contains(entry.name)) {
                c.members.add(entry.name);
            }
        }
        symbols.computeIfAbsent(entry.name, n -> new ArrayList<>())
                .add(new Definition(entry.type, KconfigExpr.and(all), List.copyOf(entry.defaults), choice,
                        entry.prompt, List.copyOf(entry.selects)));
    }

    private KconfigExpr.Default defaultOf(String rest, String path, int line) {
        int at = topLevelIf(rest);
        String value = at < 0 ? rest : rest.substring(0, at).strip();
        KconfigExpr when = at < 0 ? KconfigExpr.yes() : parse(rest.substring(at + 3).strip(), path, line);
        return new KconfigExpr.Default(parse(value, path, line), when);
    }

    private KconfigExpr promptCondition(String rest, String path, int line) {
        int at = topLevelIf(rest);
        return at < 0 ? KconfigExpr.yes() : parse(rest.substring(at + 3).strip(), path, line);
    }

    /** The index of " if " outside quotes and parentheses, or -1. */
    private static int topLevelIf(String s) {
        boolean quoted = false;
        int level = 0;
        for (int i = 0; i + 3 < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                level++;
            } else if (!quoted && c == ')') {
                level--;
            } else if (!quoted && level == 0 && Character.isWhitespace(c) && s.startsWith("if", i + 1)
                    && Character.isWhitespace(s.charAt(i + 3))) {
                return i;
            }
        }
        return -1;
    }

    private KconfigExpr parse(String text, String path, int line) {
        try {
            return KconfigExpr.parse(text);
        } catch (IllegalArgumentException e) {
            notes.add(new KbuildNote(path, line, "cannot read the expression " + text + ": taken as true"));
            return KconfigExpr.yes();
        }
    }

    private static int indentOf(String line) {
        int col = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                col++;
            } else if (c == '\t') {
                col = (col / 8 + 1) * 8;
            } else {
                break;
            }
        }
        return col;
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}

package dev.kreach.cli;

import dev.kreach.analyzer.facts.Position;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the build-mode comparison only: why a fast-mode edge or finding is absent from a build, read from the text
 * around it (the scan itself puts the configuration on each finding). The configuration options a place in the
 * tree depends on, as far as the text tells: the kbuild Makefile line
 * that builds its file ({@code ceph-$(CONFIG_CEPH_FSCACHE) += cache.o}, and the {@code obj-$(CONFIG_CEPH_FS)} line
 * of the module it joins), and the {@code #if}/{@code #ifdef} blocks around the line. An option in an
 * {@code #else} or {@code #ifndef} branch is given as {@code !CONFIG_X}. Conditions with no CONFIG_ symbol add nothing.
 */
final class ConfigGates {
    private static final Pattern CONFIG = Pattern.compile("\\bCONFIG_[A-Za-z0-9_]+");
    private static final Pattern MAKE_CONFIG = Pattern.compile("\\$\\((CONFIG_[A-Za-z0-9_]+)\\)");

    private final Path root;
    private final Map<String, List<Block>> blocks = new HashMap<>();
    private final Map<String, List<String>> makefiles = new HashMap<>();

    ConfigGates(Path root) {
        this.root = root;
    }

    /** A conditional block: lines first..last (inclusive) of one branch, and the options its condition names. */
    private record Block(int first, int last, List<String> options) {
    }

    /** Every option the places depend on, sorted. */
    List<String> of(Collection<Position> places) {
        TreeSet<String> options = new TreeSet<>();
        for (Position place : places) {
            options.addAll(makefileGates(place.file()));
            for (Block block : blocks.computeIfAbsent(place.file(), this::blocksOf)) {
                if (place.line() >= block.first() && place.line() <= block.last()) {
                    options.addAll(block.options());
                }
            }
        }
        return List.copyOf(options);
    }

    private List<String> makefileGates(String file) {
        int slash = file.lastIndexOf('/');
        if (slash < 0 || !file.endsWith(".c")) {
            return List.of();
        }
        String dir = file.substring(0, slash);
        String object = file.substring(slash + 1, file.length() - 2) + ".o";
        List<String> lines = makefiles.computeIfAbsent(dir, d -> logicalLines(root.resolve(d).resolve("Makefile")));
        TreeSet<String> gates = new TreeSet<>();
        for (String line : lines) {
            int op = line.indexOf("+=") >= 0 ? line.indexOf("+=") : line.indexOf(":=");
            if (op < 0 || !List.of(line.substring(op + 2).trim().split("\\s+")).contains(object)) {
                continue;
            }
            String target = line.substring(0, op).trim();
            Matcher m = MAKE_CONFIG.matcher(target);
            while (m.find()) {
                gates.add(m.group(1));
            }
            // "ceph-y += cache.o": the module ceph.o is built by an obj-$(CONFIG_...) line of its own.
            int dash = target.lastIndexOf('-');
            if (dash > 0 && !target.startsWith("obj-")) {
                String module = target.substring(0, dash) + ".o";
                for (String other : lines) {
                    if (other.startsWith("obj-") && List.of(other.replaceFirst("^[^=]*[+:]?=", "").trim()
                            .split("\\s+")).contains(module)) {
                        Matcher mm = MAKE_CONFIG.matcher(other);
                        while (mm.find()) {
                            gates.add(mm.group(1));
                        }
                    }
                }
            }
        }
        return List.copyOf(gates);
    }

    /** The file's lines with backslash continuations joined; none when it cannot be read. */
    private static List<String> logicalLines(Path file) {
        List<String> out = new ArrayList<>();
        try {
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                } else {
                    out.add(current.append(line).toString());
                    current.setLength(0);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    private List<Block> blocksOf(String path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
        List<Block> out = new ArrayList<>();
        // Each open conditional: the line its current branch starts, its own options, and whether it is an else.
        record Open(int start, List<String> options) {
        }
        List<Open> stack = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("#")) {
                continue;
            }
            String directive = line.substring(1).strip();
            int lineNo = i + 1;
            if (directive.startsWith("ifdef") || directive.startsWith("ifndef") || directive.startsWith("if")) {
                boolean negated = directive.startsWith("ifndef");
                stack.add(new Open(lineNo, options(directive, negated)));
            } else if (directive.startsWith("elif") || directive.startsWith("else")) {
                if (stack.isEmpty()) {
                    continue;
                }
                Open open = stack.remove(stack.size() - 1);
                out.add(new Block(open.start(), lineNo, open.options()));
                List<String> next = new ArrayList<>(negate(open.options()));
                if (directive.startsWith("elif")) {
                    next.addAll(options(directive, false));
                }
                stack.add(new Open(lineNo, next));
            } else if (directive.startsWith("endif")) {
                if (!stack.isEmpty()) {
                    Open open = stack.remove(stack.size() - 1);
                    out.add(new Block(open.start(), lineNo, open.options()));
                }
            }
        }
        out.removeIf(b -> b.options().isEmpty());
        return out;
    }

    private static List<String> options(String condition, boolean negated) {
        List<String> options = new ArrayList<>();
        Matcher m = CONFIG.matcher(condition);
        while (m.find()) {
            String name = m.group().endsWith("_MODULE") ? m.group().substring(0, m.group().length() - 7) : m.group();
            int at = m.start();
            String before = condition.substring(0, at).replaceAll("\\s+", "");
            boolean not = negated || before.endsWith("!") || before.endsWith("!defined(")
                    || before.endsWith("!IS_ENABLED(") || before.endsWith("!IS_BUILTIN(")
                    || before.endsWith("!IS_REACHABLE(");
            options.add(not ? "!" + name : name);
        }
        return options;
    }

    private static List<String> negate(List<String> options) {
        return options.stream().map(o -> o.startsWith("!") ? o.substring(1) : "!" + o).toList();
    }
}

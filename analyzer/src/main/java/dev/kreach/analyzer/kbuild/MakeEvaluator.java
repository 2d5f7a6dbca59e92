package dev.kreach.analyzer.kbuild;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Evaluates one kbuild Makefile as make would for one configuration, far enough to know its objects: variable
 * assignments ({@code =}, {@code :=}, {@code ::=}, {@code +=}, {@code ?=}, with make's deferred and immediate
 * expansion), {@code ifeq}/{@code ifneq}/{@code ifdef}/{@code ifndef}/{@code else}/{@code endif}, {@code include},
 * {@code export}, and the text functions kbuild Makefiles use on object lists. Rules and recipes are passed over.
 * <p>
 * Every word of a value carries the {@link Condition} it was added under: the literals of the conditionals around
 * its assignment and of the {@code CONFIG_} references in the variable's name and in the word itself
 * ({@code ceph-$(CONFIG_CEPH_FSCACHE) += cache.o} gives {@code cache.o} the literal {@code CONFIG_CEPH_FSCACHE}).
 * What cannot be evaluated ({@code $(shell)}, {@code $(wildcard)}, an {@code ifeq} on a variable kbuild sets outside
 * the Makefiles) becomes a {@link KbuildNote}; such a conditional has all its branches taken, as if enabled.
 */
final class MakeEvaluator {
    /** A word of a value and what had to hold for it to be there. */
    record Word(String text, Condition condition) {
    }

    /** A variable: recursive ones keep their text (with the condition of each assignment) until referenced. */
    private static final class Variable {
        boolean recursive;
        final List<Word> pieces = new ArrayList<>();
        boolean exported;
        String file;
        int line;
    }

    private static final int MAX_DEPTH = 40;
    private static final Set<String> IGNORED_FUNCTIONS = Set.of("error", "warning", "info");

    private final Configuration config;
    private final Function<String, Optional<String>> files;
    private final Map<String, Variable> variables = new LinkedHashMap<>();
    private final List<KbuildNote> notes = new ArrayList<>();
    /** Whether a note concerned a variable that lists objects: which objects it lists is then unknown. */
    private boolean objectsUnknown;
    /** Why the expansion in progress could not be done exactly, or null. */
    private String unknown;
    /** Names referenced in the expansion in progress that no assignment and no environment defined. */
    private final Set<String> undefined = new TreeSet<>();
    private String file;
    private int line;
    private int depth;

    /**
     * @param files the text of a tree file by path, for {@code include}
     * @param environment variables defined before the Makefile is read (kbuild's exported ones)
     */
    MakeEvaluator(Configuration config, Function<String, Optional<String>> files, Map<String, List<Word>> environment) {
        this.config = config;
        this.files = files;
        environment.forEach((name, words) -> {
            Variable v = new Variable();
            v.pieces.addAll(words);
            v.exported = true;
            variables.put(name, v);
        });
    }

    List<KbuildNote> notes() {
        return notes;
    }

    boolean objectsUnknown() {
        return objectsUnknown;
    }

    /**
     * The words of variable {@code name} as referenced at the end of the Makefile; none if it is undefined. What
     * cannot be evaluated in a deferred ({@code =}, {@code +=}) value is noted at the variable's last assignment.
     */
    List<Word> valueOf(String name) {
        unknown = null;
        List<Word> words = expandVariable(name);
        Variable v = variables.get(name);
        if (unknown != null && v != null && v.file != null) {
            objectsUnknown = true;
            notes.add(new KbuildNote(v.file, v.line, name + ": " + unknown));
        }
        return words;
    }

    /** The exported variables with their values, for the Makefiles read after this one. */
    Map<String, List<Word>> exported() {
        Map<String, List<Word>> out = new LinkedHashMap<>();
        variables.forEach((name, v) -> {
            if (v.exported) {
                out.put(name, expandVariable(name));
            }
        });
        return out;
    }

    /** One branch level of an {@code if}: whether its current branch is taken, and the literals that decided it. */
    private record Frame(boolean active, boolean taken, Condition condition, boolean unknown) {
    }

    void evaluate(String path, String text) {
        if (++depth > MAX_DEPTH) {
            depth--;
            notes.add(new KbuildNote(path, 1, "include nested too deeply; not read"));
            return;
        }
        String outerFile = file;
        file = path;
        Deque<Frame> frames = new ArrayDeque<>();
        boolean inRule = false;
        boolean inDefine = false;
        for (MakeLines.Line l : MakeLines.of(text)) {
            line = l.number();
            String s = l.text().strip();
            if (inDefine) {
                if (s.equals("endef") || s.startsWith("endef ")) {
                    inDefine = false;
                }
                continue;
            }
            if (l.tab() && inRule) {
                continue;
            }
            if (s.isEmpty()) {
                continue;
            }
            String keyword = firstWord(s);
            switch (keyword) {
                case "ifeq", "ifneq", "ifdef", "ifndef" -> {
                    boolean outer = active(frames);
                    frames.push(test(s, outer));
                    continue;
                }
                case "else" -> {
                    if (frames.isEmpty()) {
                        notes.add(note("else without if"));
                        continue;
                    }
                    Frame open = frames.pop();
                    boolean outer = active(frames);
                    String rest = s.substring(4).strip();
                    if (open.unknown()) {
                        frames.push(rest.isEmpty() ? open : new Frame(outer, true, Condition.TRUE, true));
                    } else if (rest.isEmpty()) {
                        frames.push(new Frame(outer && !open.taken(), true, negated(open), false));
                    } else {
                        Frame next = test(rest, outer && !open.taken());
                        frames.push(new Frame(next.active(), open.taken() || next.active(),
                                negated(open).and(next.condition()), next.unknown()));
                    }
                    continue;
                }
                case "endif" -> {
                    if (frames.isEmpty()) {
                        notes.add(note("endif without if"));
                    } else {
                        frames.pop();
                    }
                    continue;
                }
                case "define" -> {
                    inDefine = true;
                    continue;
                }
                default -> {
                }
            }
            if (!active(frames)) {
                continue;
            }
            Condition context = contextOf(frames);
            inRule = statement(s, keyword, context, inRule);
        }
        file = outerFile;
        depth--;
    }

    /**
     * The condition a branch that follows {@code open} holds under. Exact for a single literal ({@code ifdef
     * CONFIG_X} false gives {@code !CONFIG_X}); for more, the literals that made the earlier test false, which is
     * what this configuration shows.
     */
    private static Condition negated(Frame open) {
        return open.condition();
    }

    private static boolean active(Deque<Frame> frames) {
        for (Frame f : frames) {
            if (!f.active()) {
                return false;
            }
        }
        return true;
    }

    private static Condition contextOf(Deque<Frame> frames) {
        return Condition.all(frames.stream().map(Frame::condition).toList());
    }

    /** Evaluates an {@code ifeq}/{@code ifneq}/{@code ifdef}/{@code ifndef} line into the frame of its branch. */
    private Frame test(String s, boolean outer) {
        String keyword = firstWord(s);
        String rest = s.substring(keyword.length()).strip();
        unknown = null;
        undefined.clear();
        boolean result;
        Condition because;
        if (keyword.equals("ifdef") || keyword.equals("ifndef")) {
            String name = join(expand(rest, Condition.TRUE));
            Expansion value = expandTracked(name.startsWith("CONFIG_") ? "$(" + name + ")" : rawOf(name));
            result = !join(value.words()).isEmpty();
            because = value.condition();
            if (keyword.equals("ifndef")) {
                result = !result;
            }
        } else {
            String[] args = comparison(rest);
            if (args == null) {
                notes.add(note("cannot read the condition of " + keyword + ": " + abbreviate(rest)));
                return new Frame(outer, true, Condition.TRUE, true);
            }
            Expansion a = expandTracked(args[0]);
            Expansion b = expandTracked(args[1]);
            result = join(a.words()).equals(join(b.words()));
            because = a.condition().and(b.condition());
            if (keyword.equals("ifneq")) {
                result = !result;
            }
        }
        String why = unknown != null ? unknown
                : undefined.isEmpty() ? null : "depends on " + String.join(", ", undefined.stream().map(n -> "$(" + n
                        + ")").toList()) + ", which kbuild sets outside the Makefiles";
        if (why != null && outer) {
            notes.add(note(keyword + " " + abbreviate(rest) + ": " + why + "; every branch taken"));
            return new Frame(true, true, Condition.TRUE, true);
        }
        return new Frame(outer && result, result, because, false);
    }

    /** The text of a variable's reference for ifdef, which tests the variable's value unexpanded. */
    private String rawOf(String name) {
        Variable v = variables.get(name);
        if (v == null) {
            if (!name.isEmpty() && !isLocalName(name)) {
                undefined.add(name);
            }
            return "";
        }
        return "$(" + name + ")";
    }

    /** {@code (a,b)}, {@code "a" "b"} or {@code 'a' 'b'}: the two sides, unexpanded; null if neither form. */
    static String[] comparison(String rest) {
        if (rest.startsWith("(") && rest.endsWith(")")) {
            String inner = rest.substring(1, rest.length() - 1);
            int level = 0;
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '(' || c == '{') {
                    level++;
                } else if (c == ')' || c == '}') {
                    level--;
                } else if (c == ',' && level == 0) {
                    return new String[] {inner.substring(0, i).strip(), inner.substring(i + 1).strip()};
                }
            }
            return null;
        }
        List<String> quoted = new ArrayList<>();
        int i = 0;
        while (i < rest.length() && quoted.size() < 3) {
            char q = rest.charAt(i);
            if (q == '"' || q == '\'') {
                int end = rest.indexOf(q, i + 1);
                if (end < 0) {
                    return null;
                }
                quoted.add(rest.substring(i + 1, end));
                i = end + 1;
            } else if (Character.isWhitespace(q)) {
                i++;
            } else {
                return null;
            }
        }
        return quoted.size() == 2 ? new String[] {quoted.get(0), quoted.get(1)} : null;
    }

    /** Handles one active line that is not a conditional; returns whether a rule's recipe may follow. */
    private boolean statement(String s, String keyword, Condition context, boolean inRule) {
        switch (keyword) {
            case "include", "-include", "sinclude" -> {
                include(s.substring(keyword.length()).strip(), !keyword.equals("include"), context);
                return false;
            }
            case "export", "override", "unexport", "private" -> {
                String rest = s.substring(keyword.length()).strip();
                if (keyword.equals("unexport")) {
                    return false;
                }
                int op = assignmentOperator(rest);
                if (op < 0) {
                    if (keyword.equals("export")) {
                        for (String name : rest.split("\\s+")) {
                            variables.computeIfAbsent(name, n -> new Variable()).exported = true;
                        }
                    }
                    return false;
                }
                assign(rest, op, context, keyword.equals("export"));
                return false;
            }
            case "vpath" -> {
                return false;
            }
            default -> {
            }
        }
        int op = assignmentOperator(s);
        if (op >= 0) {
            assign(s, op, context, false);
            return false;
        }
        if (topLevelIndexOf(s, ':') >= 0) {
            return true;
        }
        // A bare $(eval ...), $(error ...) or function call: nothing kreach follows changes the objects, except eval.
        if (s.startsWith("$(eval") || s.startsWith("${eval")) {
            notes.add(note("$(eval ...) not evaluated: " + abbreviate(s)));
        }
        return inRule;
    }

    private void include(String what, boolean optional, Condition context) {
        unknown = null;
        undefined.clear();
        for (Word w : expand(what, context)) {
            String path = w.text();
            if (path.startsWith("./")) {
                path = path.substring(2);
            }
            if (path.startsWith("/")) {
                // $(srctree) is the tree root; an absolute path is outside the tree.
                if (!optional) {
                    notes.add(note("include " + path + ": outside the tree; not read"));
                }
                continue;
            }
            Optional<String> text = files.apply(path);
            if (text.isPresent()) {
                evaluate(path, text.get());
            } else if (!optional) {
                notes.add(note("include " + path + ": not in the tree; not read"));
            }
        }
        if (unknown != null) {
            notes.add(note("include " + abbreviate(what) + ": " + unknown));
        }
    }

    /** The index of the assignment operator's {@code =} in a line, or -1 when the line is no assignment. */
    static int assignmentOperator(String s) {
        int eq = topLevelIndexOf(s, '=');
        if (eq < 0) {
            return -1;
        }
        int colon = topLevelIndexOf(s, ':');
        // "target: VAR := value" is a target-specific assignment, a rule as far as the objects go.
        if (colon >= 0 && colon < eq - 1) {
            boolean doubleColonAssign = colon == eq - 2 && s.charAt(eq - 1) == ':';
            if (!doubleColonAssign) {
                return -1;
            }
        }
        return eq;
    }

    private static int topLevelIndexOf(String s, char wanted) {
        int level = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && (s.charAt(i + 1) == '(' || s.charAt(i + 1) == '{')) {
                level++;
                i++;
            } else if ((c == ')' || c == '}') && level > 0) {
                level--;
            } else if (c == wanted && level == 0) {
                return i;
            }
        }
        return -1;
    }

    private void assign(String s, int eq, Condition context, boolean export) {
        int nameEnd = eq;
        String op = "=";
        if (eq > 0) {
            char before = s.charAt(eq - 1);
            if (before == ':' || before == '+' || before == '?' || before == '!') {
                op = before + "=";
                nameEnd = eq - 1;
                if (before == ':' && eq > 1 && s.charAt(eq - 2) == ':') {
                    nameEnd = eq - 2;
                }
            }
        }
        String nameText = s.substring(0, nameEnd).strip();
        String valueText = s.substring(eq + 1).strip();
        unknown = null;
        undefined.clear();
        List<Word> nameWords = expand(nameText, Condition.TRUE);
        if (nameWords.size() != 1) {
            if (unknown != null || nameWords.size() > 1) {
                objectsUnknown = true;
                notes.add(note("cannot tell which variable is assigned: " + abbreviate(nameText)));
            }
            return;
        }
        String name = nameWords.get(0).text();
        Condition condition = context.and(nameWords.get(0).condition());
        Variable v = variables.get(name);
        switch (op) {
            case "!=" -> {
                notes.add(note(name + " != runs the shell; not evaluated"));
                return;
            }
            case "?=" -> {
                if (v != null) {
                    return;
                }
                v = new Variable();
                v.recursive = true;
                variables.put(name, v);
            }
            case ":=", "::=" -> {
                List<Word> words = conditioned(expandAssigned(name, valueText), condition);
                boolean wasExported = v != null && v.exported;
                v = new Variable();
                v.exported = wasExported;
                v.pieces.addAll(words);
                variables.put(name, v);
                v.exported |= export;
                return;
            }
            case "+=" -> {
                if (v == null) {
                    v = new Variable();
                    v.recursive = true;
                    variables.put(name, v);
                }
            }
            default -> {
                boolean wasExported = v != null && v.exported;
                v = new Variable();
                v.exported = wasExported;
                v.recursive = true;
                variables.put(name, v);
            }
        }
        v.exported |= export;
        v.file = file;
        v.line = line;
        if (v.recursive) {
            v.pieces.add(new Word(valueText, condition));
        } else {
            v.pieces.addAll(conditioned(expandAssigned(name, valueText), condition));
        }
    }

    /** An immediate expansion for an assignment; what cannot be evaluated is noted when it may name objects. */
    private List<Word> expandAssigned(String name, String valueText) {
        unknown = null;
        List<Word> words = expand(valueText, Condition.TRUE);
        if (unknown != null && governsObjects(name)) {
            objectsUnknown = true;
            notes.add(note(name + ": " + unknown));
        }
        return words;
    }

    /** Whether a variable can list objects or directories: obj-y, lib-m, subdir-y, ceph-y, ceph-objs, ... */
    static boolean governsObjects(String name) {
        return name.startsWith("obj-") || name.startsWith("lib-") || name.endsWith("-y") || name.endsWith("-m")
                || name.endsWith("-objs") || name.equals("core-y") || name.startsWith("drivers-")
                || name.startsWith("libs-");
    }

    private static List<Word> conditioned(List<Word> words, Condition condition) {
        if (condition.isTrue()) {
            return words;
        }
        List<Word> out = new ArrayList<>(words.size());
        for (Word w : words) {
            out.add(new Word(w.text(), condition.and(w.condition())));
        }
        return out;
    }

    // ---- expansion ----

    private record Expansion(List<Word> words, Condition condition) {
    }

    /** Expands {@code text}; the condition is every literal the expansion consulted, on a word or not. */
    private Expansion expandTracked(String text) {
        Words out = new Words();
        expandInto(text, out, 0);
        out.end();
        return new Expansion(out.words, out.consulted.and(all(out.words)));
    }

    private List<Word> expand(String text, Condition condition) {
        Words out = new Words();
        expandInto(text, out, 0);
        out.end();
        return conditioned(out.words, condition);
    }

    private List<Word> expandVariable(String name) {
        Words out = new Words();
        reference(name, out, 0);
        out.end();
        return out.words;
    }

    /** Builds the words of an expansion: text between blanks is one word; adjacent pieces join. */
    private static final class Words {
        final List<Word> words = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        Condition currentCondition = Condition.TRUE;
        /** Literals consulted by references that produced no text: they hold for the word they stand in. */
        Condition pending = Condition.TRUE;
        Condition consulted = Condition.TRUE;
        boolean inWord;

        void text(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    endWord();
                } else {
                    if (!inWord) {
                        inWord = true;
                        currentCondition = pending;
                        pending = Condition.TRUE;
                    }
                    current.append(c);
                }
            }
        }

        void words(List<Word> ws, Condition consultedHere) {
            consulted = consulted.and(consultedHere);
            if (ws.isEmpty()) {
                if (inWord) {
                    currentCondition = currentCondition.and(consultedHere);
                } else {
                    pending = pending.and(consultedHere);
                }
                return;
            }
            for (int i = 0; i < ws.size(); i++) {
                if (i > 0) {
                    endWord();
                }
                if (!inWord) {
                    inWord = true;
                    currentCondition = pending;
                    pending = Condition.TRUE;
                }
                current.append(ws.get(i).text());
                currentCondition = currentCondition.and(ws.get(i).condition()).and(consultedHere);
            }
        }

        void endWord() {
            if (inWord) {
                words.add(new Word(current.toString(), currentCondition));
                current.setLength(0);
                currentCondition = Condition.TRUE;
                inWord = false;
            }
        }

        void end() {
            endWord();
        }
    }

    private void expandInto(String text, Words out, int level) {
        if (level > MAX_DEPTH) {
            unknown = "expansion nested too deeply";
            return;
        }
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                literal.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            out.text(literal.toString());
            literal.setLength(0);
            if (next == '(' || next == '{') {
                int close = matching(text, i + 1);
                if (close < 0) {
                    unknown = "unbalanced $( in " + abbreviate(text);
                    return;
                }
                String inner = text.substring(i + 2, close);
                i = close + 1;
                String function = firstWord(inner);
                if (function.length() < inner.length() && Character.isWhitespace(inner.charAt(function.length()))
                        && isFunction(function)) {
                    call(function, inner.substring(function.length() + 1), out, level);
                } else {
                    Words name = new Words();
                    expandInto(inner, name, level + 1);
                    name.end();
                    reference(join(name.words), out, level);
                }
            } else {
                reference(String.valueOf(next), out, level);
                i += 2;
            }
        }
        out.text(literal.toString());
    }

    private void reference(String name, Words out, int level) {
        if (name.startsWith("CONFIG_")) {
            String value = config.value(name);
            Condition literal = Condition.of(Literal.of(name, value));
            out.words(value.isEmpty() ? List.of() : List.of(new Word(value, Condition.TRUE)), literal);
            return;
        }
        Variable v = variables.get(name);
        if (v == null) {
            if (!isLocalName(name)) {
                undefined.add(name);
            }
            out.words(List.of(), Condition.TRUE);
            return;
        }
        if (!v.recursive) {
            out.words(v.pieces, Condition.TRUE);
            return;
        }
        Words value = new Words();
        for (Word piece : v.pieces) {
            Words part = new Words();
            expandInto(piece.text(), part, level + 1);
            part.end();
            value.words(conditioned(part.words, piece.condition()), part.consulted);
            value.endWord();
        }
        value.end();
        out.words(value.words, value.consulted);
    }

    /**
     * Names a Makefile defines for itself when it does ({@code foo-y}, {@code foo-objs}, lower case): undefined, they
     * are empty by make's rules and kbuild's intent. Upper-case names without a dash come from kbuild's environment.
     */
    private static boolean isLocalName(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isLowerCase(name.charAt(i)) || name.charAt(i) == '-') {
                return true;
            }
        }
        return name.length() <= 1 || Character.isDigit(name.charAt(0));
    }

    private static final Set<String> FUNCTIONS = Set.of("subst", "patsubst", "strip", "findstring", "filter",
            "filter-out", "sort", "word", "words", "wordlist", "firstword", "lastword", "dir", "notdir", "suffix",
            "basename", "addsuffix", "addprefix", "join", "if", "or", "and", "foreach", "call", "origin", "flavor",
            "value", "shell", "wildcard", "realpath", "abspath", "eval", "error", "warning", "info", "file", "let");

    private static boolean isFunction(String name) {
        return FUNCTIONS.contains(name);
    }

    /** Calls a make function; arguments split at top-level commas (the last function takes the rest). */
    private void call(String function, String argText, Words out, int level) {
        List<String> args = splitArguments(argText);
        if (IGNORED_FUNCTIONS.contains(function)) {
            return;
        }
        switch (function) {
            case "if" -> {
                Words cond = words(args.get(0), level);
                List<String> rest = args.subList(1, args.size());
                String chosen = !join(cond.words).isEmpty() ? (rest.isEmpty() ? "" : rest.get(0))
                        : (rest.size() > 1 ? String.join(",", rest.subList(1, rest.size())) : "");
                Words branch = words(chosen, level);
                out.words(branch.words, cond.consulted.and(all(cond.words)).and(branch.consulted));
                return;
            }
            case "or", "and" -> {
                Condition consulted = Condition.TRUE;
                List<Word> result = List.of();
                for (String arg : args) {
                    Words w = words(arg, level);
                    consulted = consulted.and(w.consulted).and(all(w.words));
                    result = w.words;
                    if (function.equals("or") == !w.words.isEmpty()) {
                        break;
                    }
                }
                out.words(result, consulted);
                return;
            }
            case "foreach" -> {
                if (args.size() < 3) {
                    break;
                }
                String var = join(words(args.get(0), level).words);
                Words list = words(args.get(1), level);
                Variable saved = variables.get(var);
                List<Word> result = new ArrayList<>();
                Condition consulted = list.consulted;
                for (Word item : list.words) {
                    Variable v = new Variable();
                    v.pieces.add(item);
                    variables.put(var, v);
                    Words body = words(String.join(",", args.subList(2, args.size())), level);
                    result.addAll(conditioned(body.words, item.condition()));
                    consulted = consulted.and(body.consulted);
                }
                restore(var, saved);
                out.words(result, consulted);
                return;
            }
            case "call" -> {
                String name = join(words(args.get(0), level).words);
                Variable body = variables.get(name);
                if (body == null) {
                    unknown = "$(call " + name + ",...) of a function kbuild defines outside the Makefiles";
                    return;
                }
                Map<String, Variable> saved = new HashMap<>();
                for (int k = 1; k <= 9; k++) {
                    String param = String.valueOf(k);
                    saved.put(param, variables.get(param));
                    Variable v = new Variable();
                    if (k < args.size()) {
                        v.pieces.addAll(words(args.get(k), level).words);
                    }
                    variables.put(param, v);
                }
                Words result = new Words();
                reference(name, result, level + 1);
                result.end();
                saved.forEach(this::restore);
                out.words(result.words, result.consulted);
                return;
            }
            case "shell", "wildcard", "eval", "file", "realpath", "abspath", "origin", "flavor", "value", "let" -> {
                unknown = "$(" + function + " ...) not evaluated";
                return;
            }
            default -> {
            }
        }
        // Text functions: the result's words hold under everything their arguments consulted.
        List<Words> expanded = new ArrayList<>();
        Condition consulted = Condition.TRUE;
        for (String arg : args) {
            Words w = words(arg, level);
            expanded.add(w);
            consulted = consulted.and(w.consulted);
        }
        List<String> result = TextFunctions.apply(function, expanded.stream().map(w -> join(w.words)).toList());
        if (result == null) {
            unknown = "$(" + function + " ...) with " + args.size() + " arguments not evaluated";
            return;
        }
        // A word a text function passes through unchanged keeps its own condition (filter, sort, strip).
        Map<String, Condition> known = new HashMap<>();
        for (Words w : expanded) {
            for (Word word : w.words) {
                known.merge(word.text(), word.condition(), Condition::and);
            }
        }
        Condition shared = consulted;
        boolean reshapes = !Set.of("filter", "filter-out", "sort", "strip", "firstword", "lastword", "word",
                "wordlist").contains(function);
        List<Word> words = new ArrayList<>();
        for (String r : result) {
            Condition c = known.get(r);
            if (c == null || reshapes) {
                c = all(expanded.stream().flatMap(w -> w.words.stream()).toList());
            }
            words.add(new Word(r, c));
        }
        out.words(words, shared);
    }

    private void restore(String name, Variable saved) {
        if (saved == null) {
            variables.remove(name);
        } else {
            variables.put(name, saved);
        }
    }

    private Words words(String text, int level) {
        Words w = new Words();
        expandInto(text, w, level + 1);
        w.end();
        return w;
    }

    private static Condition all(List<Word> words) {
        return Condition.all(words.stream().map(Word::condition).toList());
    }

    static List<String> splitArguments(String text) {
        List<String> args = new ArrayList<>();
        int level = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '{') {
                level++;
            } else if (c == ')' || c == '}') {
                level--;
            } else if (c == ',' && level == 0) {
                args.add(text.substring(start, i));
                start = i + 1;
            }
        }
        args.add(text.substring(start));
        return args;
    }

    private static int matching(String text, int open) {
        char o = text.charAt(open);
        char close = o == '(' ? ')' : '}';
        int level = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == o) {
                level++;
            } else if (c == close) {
                level--;
                if (level == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    static String join(List<Word> words) {
        StringBuilder b = new StringBuilder();
        for (Word w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(w.text());
        }
        return b.toString();
    }

    private static String firstWord(String s) {
        int end = 0;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '(') {
            end++;
        }
        return s.substring(0, end);
    }

    private KbuildNote note(String message) {
        return new KbuildNote(file, line, message);
    }

    private static String abbreviate(String s) {
        return s.length() > 70 ? s.substring(0, 70) + "..." : s;
    }
}

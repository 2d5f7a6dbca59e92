package dev.kreach.analyzer.kbuild;

import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceTree;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Walks kbuild's Makefiles from the top as {@code make} descends them for one architecture and configuration, and
 * lists the {@code .c} files it compiles with their conditions.
 * <p>
 * The start is kbuild's own: the top-level Makefile sets {@code core-y :=}, {@code drivers-y :=} and
 * {@code libs-y := lib/}, includes {@code arch/$(SRCARCH)/Makefile} (which adds to them and exports variables such
 * as {@code BITS}) and exports {@code ARCH_CORE}, {@code ARCH_LIB} and {@code ARCH_DRIVERS} from them; the top-level
 * {@code Kbuild} then lists the directories of vmlinux with {@code obj-y}. In each directory kbuild reads
 * {@code Kbuild} if there is one, else {@code Makefile}; {@code obj-y}, {@code obj-m}, {@code lib-y} and
 * {@code lib-m} name its objects ({@code dir/} descends, {@code foo.o} is {@code foo.c} or, when {@code foo-y},
 * {@code foo-objs} or {@code foo-m} list members, a composite object made of them, to any depth).
 */
public final class KbuildWalker {
    private final SourceTree tree;
    private final String arch;
    private final Configuration config;
    private final Scope scope;
    private final Map<String, Condition> files = new TreeMap<>();
    /** Files a Makefile names under a condition this configuration does not meet, with the condition they need. */
    private final Map<String, Condition> disabled = new TreeMap<>();
    private final List<KbuildNote> notes = new ArrayList<>();
    private final Set<String> guessed = new TreeSet<>();
    private int makefiles;

    private KbuildWalker(SourceTree tree, String arch, Configuration config, Scope scope) {
        this.tree = tree;
        this.arch = arch;
        this.config = config;
        this.scope = scope;
    }

    /**
     * The kernel {@code arch} builds from {@code tree} under {@code config}, as far as {@code scope} needs: only the
     * directories on the way to the scope and inside it are read.
     *
     * @throws BadInputException when the tree has an arch/ directory but none for {@code arch}
     */
    public static KernelBuild evaluate(SourceTree tree, String arch, Configuration config, Scope scope) {
        requireArchitecture(tree, arch);
        KbuildWalker walker = new KbuildWalker(tree, arch, config, scope);
        Optional<String> top = walker.text(tree, "Kbuild");
        if (top.isEmpty() || !top.get().contains("obj-")) {
            return walker.directoriesAlone();
        }
        return walker.walk(top.get());
    }

    /**
     * A tree without kbuild's top level (a fixture, a kernel before 6.1): no file list, but each scope directory's
     * own Makefile still says under which condition it builds its files ({@code ceph-$(CONFIG_CEPH_FSCACHE) +=
     * cache.o}, and the module's {@code obj-$(CONFIG_CEPH_FS)}); what the directories above it say is unknown.
     */
    private KernelBuild directoriesAlone() {
        Set<String> directories = new TreeSet<>();
        for (String file : tree.cFiles(scope)) {
            int slash = file.lastIndexOf('/');
            if (slash > 0 && KernelBuild.outsideKernel(file, arch) == null) {
                directories.add(file.substring(0, slash));
            }
        }
        for (String dir : directories) {
            String makefile = tree.exists(dir + "/Kbuild") ? dir + "/Kbuild" : dir + "/Makefile";
            Optional<String> text = text(tree, makefile);
            if (text.isEmpty()) {
                continue;
            }
            makefiles++;
            MakeEvaluator directory = new MakeEvaluator(config, this::readMakefile,
                    withDirectory(Map.of("srctree", words("."), "SRCARCH", words(arch), "ARCH", words(arch)), dir));
            directory.evaluate(makefile, text.get());
            for (MakeEvaluator.Word w : objects(directory)) {
                if (w.text().endsWith(".o")) {
                    object(directory, dir, w.text(), w.condition(), new HashSet<>(), false);
                }
            }
            disabledObjects(directory, dir, Condition.TRUE);
            notes.addAll(directory.notes());
        }
        notes.sort(null);
        return new KernelBuild(arch, false, files, disabled, notes, guessed, makefiles);
    }

    /** The tree must have {@code arch/ARCH/}, if it has an arch/ directory at all. */
    public static void requireArchitecture(SourceTree tree, String arch) {
        if (arch.isEmpty() || arch.contains("/") || arch.startsWith(".")) {
            throw new BadInputException("--arch " + arch + ": not an architecture name (kbuild's SRCARCH: x86, arm64, "
                    + "riscv, ...)");
        }
        if (tree.exists("arch") && !tree.exists("arch/" + arch)) {
            throw new BadInputException("--arch " + arch + ": " + tree.displayName() + " has no arch/" + arch
                    + "/ directory");
        }
    }

    private KernelBuild walk(String topKbuild) {
        Map<String, List<MakeEvaluator.Word>> start = new LinkedHashMap<>();
        start.put("srctree", words("."));
        start.put("objtree", words("."));
        start.put("SRCARCH", words(arch));
        start.put("ARCH", words(arch));
        start.put("KBUILD_EXTMOD", List.of());
        start.put("core-y", List.of());
        start.put("drivers-y", List.of());
        start.put("libs-y", words("lib/"));
        MakeEvaluator archMakefile = new MakeEvaluator(config, this::readMakefile, start);
        String archPath = "arch/" + arch + "/Makefile";
        text(tree, archPath).ifPresentOrElse(t -> {
            makefiles++;
            archMakefile.evaluate(archPath, t);
        }, () -> notes.add(new KbuildNote(archPath, 1, "no architecture Makefile; arch/" + arch + "/ not read")));
        notes.addAll(archMakefile.notes());

        Map<String, List<MakeEvaluator.Word>> exported = new LinkedHashMap<>(start);
        exported.keySet().removeAll(List.of("core-y", "drivers-y", "libs-y"));
        exported.putAll(archMakefile.exported());
        exported.put("ARCH_CORE", archMakefile.valueOf("core-y"));
        exported.put("ARCH_LIB", archMakefile.valueOf("libs-y").stream().filter(w -> w.text().endsWith("/"))
                .toList());
        List<MakeEvaluator.Word> drivers = new ArrayList<>(archMakefile.valueOf("drivers-y"));
        drivers.addAll(archMakefile.valueOf("drivers-m"));
        exported.put("ARCH_DRIVERS", drivers);

        record Pending(String directory, Condition condition) {
        }
        Deque<Pending> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        MakeEvaluator top = new MakeEvaluator(config, this::readMakefile, withDirectory(exported, "."));
        makefiles++;
        top.evaluate("Kbuild", topKbuild);
        notes.addAll(top.notes());
        for (MakeEvaluator.Word w : objects(top)) {
            if (w.text().endsWith("/")) {
                String dir = normalise("", w.text());
                if (KernelBuild.outsideKernel(dir + "/", arch) == null && wanted(dir) && seen.add(dir)) {
                    queue.add(new Pending(dir, w.condition()));
                }
            }
        }
        while (!queue.isEmpty()) {
            Pending at = queue.poll();
            String makefile = tree.exists(at.directory() + "/Kbuild") ? at.directory() + "/Kbuild"
                    : at.directory() + "/Makefile";
            Optional<String> text = text(tree, makefile);
            if (text.isEmpty()) {
                notes.add(new KbuildNote(makefile, 1, "named by its parent's Makefile, but not in the tree"));
                continue;
            }
            makefiles++;
            MakeEvaluator directory = new MakeEvaluator(config, this::readMakefile,
                    withDirectory(exported, at.directory()));
            directory.evaluate(makefile, text.get());
            for (MakeEvaluator.Word w : objects(directory)) {
                Condition condition = at.condition().and(w.condition());
                if (w.text().endsWith("/")) {
                    String dir = normalise(at.directory(), w.text());
                    if (KernelBuild.outsideKernel(dir + "/", arch) == null && wanted(dir) && seen.add(dir)) {
                        queue.add(new Pending(dir, condition));
                    }
                } else if (w.text().endsWith(".o")) {
                    object(directory, at.directory(), w.text(), condition, new HashSet<>(), false);
                }
            }
            disabledObjects(directory, at.directory(), at.condition());
            notes.addAll(directory.notes());
            if (directory.objectsUnknown()) {
                guessed.add(at.directory());
            }
        }
        notes.sort(null);
        return new KernelBuild(arch, true, files, disabled, notes, guessed, makefiles);
    }

    /** The objects a Makefile names under a false condition ({@code obj-$(CONFIG_X) += x.o} with X off). */
    private void disabledObjects(MakeEvaluator makefile, String directory, Condition at) {
        for (String list : List.of("obj-", "obj-n", "lib-", "lib-n")) {
            for (MakeEvaluator.Word w : makefile.valueOf(list)) {
                if (w.text().endsWith(".o")) {
                    object(makefile, directory, w.text(), at.and(needed(w.condition())), new HashSet<>(), true);
                }
            }
        }
    }

    /** The objects and directories a directory's Makefile lists for vmlinux, modules and lib.a. */
    private static List<MakeEvaluator.Word> objects(MakeEvaluator makefile) {
        List<MakeEvaluator.Word> out = new ArrayList<>();
        for (String list : List.of("obj-y", "obj-m", "lib-y", "lib-m")) {
            out.addAll(makefile.valueOf(list));
        }
        return out;
    }

    /**
     * {@code name.o} in {@code directory}: its members if it is a composite object, else {@code name.c}; {@code off}
     * when it is named under a condition this configuration does not meet (recorded apart, with what it needs).
     */
    private void object(MakeEvaluator makefile, String directory, String object, Condition condition,
            Set<String> visiting, boolean off) {
        String stem = object.substring(0, object.length() - 2);
        List<MakeEvaluator.Word> members = new ArrayList<>();
        if (visiting.add(stem)) {
            for (String suffix : List.of("-objs", "-y", "-m")) {
                members.addAll(makefile.valueOf(stem + suffix));
            }
        }
        if (!members.isEmpty() || off) {
            for (MakeEvaluator.Word member : members) {
                if (member.text().endsWith(".o")) {
                    object(makefile, directory, member.text(), condition.and(member.condition()), visiting, off);
                }
            }
            // Members named under a false condition (ceph-$(CONFIG_X) += x.o with X off): what they would need.
            for (String suffix : List.of("-", "-n")) {
                for (MakeEvaluator.Word member : makefile.valueOf(stem + suffix)) {
                    if (member.text().endsWith(".o")) {
                        object(makefile, directory, member.text(), condition.and(needed(member.condition())),
                                visiting, true);
                    }
                }
            }
            visiting.remove(stem);
            if (!members.isEmpty()) {
                return;
            }
        }
        String file = normalise(directory, stem + ".c");
        if (tree.exists(file) && KernelBuild.outsideKernel(file, arch) == null) {
            (off ? disabled : files).putIfAbsent(file, condition);
        }
    }

    /** A condition with its off literals turned on: what a word named under it needs to be built. */
    private static Condition needed(Condition observed) {
        List<Literal> out = new ArrayList<>();
        for (Literal l : observed.literals()) {
            out.add(l.enabled() ? l : new Literal(l.symbol(), "y"));
        }
        return new Condition(out);
    }

    /** Whether a directory is on the way to the scope or inside it. */
    private boolean wanted(String dir) {
        for (String prefix : scope.prefixes()) {
            if (prefix.isEmpty() || dir.equals(prefix) || dir.startsWith(prefix + "/") || prefix.startsWith(dir + "/")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<MakeEvaluator.Word>> withDirectory(Map<String, List<MakeEvaluator.Word>> env,
            String directory) {
        Map<String, List<MakeEvaluator.Word>> out = new LinkedHashMap<>(env);
        out.put("src", words(directory));
        out.put("obj", words(directory));
        return out;
    }

    private static List<MakeEvaluator.Word> words(String text) {
        return List.of(new MakeEvaluator.Word(text, Condition.TRUE));
    }

    /** {@code dir/word} without {@code ./}, {@code ..} segments or a trailing slash. */
    static String normalise(String directory, String word) {
        String joined = directory.isEmpty() || directory.equals(".") ? word : directory + "/" + word;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private Optional<String> readMakefile(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        Optional<String> text = text(tree, p);
        if (text.isPresent()) {
            makefiles++;
        }
        return text;
    }

    /** A kbuild file's text; one that exists but cannot be read (a FIFO, a link out of the tree) is a note. */
    private Optional<String> text(SourceTree tree, String path) {
        if (!tree.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(tree.read(path).text());
        } catch (IOException e) {
            notes.add(new KbuildNote(path, 1, "not readable: " + e.getMessage() + "; read as if absent"));
            return Optional.empty();
        }
    }
}

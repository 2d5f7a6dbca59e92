package dev.kreach.analyzer.kbuild;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kernel one architecture and configuration build: the {@code .c} files kbuild compiles, each with the
 * condition under which it does ({@code disabled}: those a Makefile names under a condition not met, with the
 * condition they would need), and what the Makefiles said that could not be evaluated. A tree without kbuild's
 * top-level {@code Kbuild} file (a fixture, a pre-6.1 kernel) has no file list: every file of the architecture is
 * taken, and {@link #fromKbuild()} says so; its scope directories' own Makefiles still give the files' conditions.
 */
public record KernelBuild(String arch, boolean fromKbuild, Map<String, Condition> files,
        Map<String, Condition> disabled, List<KbuildNote> notes, Set<String> guessedDirectories, int makefiles) {

    /** Top-level directories whose code is never part of a running kernel. */
    public static final List<String> NOT_KERNEL = List.of("Documentation", "samples", "scripts", "tools");

    public KernelBuild {
        files = Map.copyOf(files);
        disabled = Map.copyOf(disabled);
        notes = List.copyOf(notes);
        guessedDirectories = Set.copyOf(guessedDirectories);
    }

    public static KernelBuild withoutKbuild(String arch) {
        return new KernelBuild(arch, false, Map.of(), Map.of(), List.of(), Set.of(), 0);
    }

    /**
     * This kernel with {@code included} ({@code .c} file → the compiled {@code .c} file that {@code #include}s it)
     * compiled too, under the condition of the file that includes it.
     */
    public KernelBuild withIncluded(Map<String, String> included) {
        if (included.isEmpty()) {
            return this;
        }
        Map<String, Condition> more = new java.util.HashMap<>(files);
        included.forEach((file, by) -> more.putIfAbsent(file, conditionOf(by)));
        return new KernelBuild(arch, fromKbuild, more, disabled, notes, guessedDirectories, makefiles);
    }

    /** This kernel with {@code more} notes (what reading Kconfig could not do), in file order. */
    public KernelBuild withNotes(List<KbuildNote> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<KbuildNote> all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        all.sort(null);
        return new KernelBuild(arch, fromKbuild, files, disabled, all, guessedDirectories, makefiles);
    }

    /** Why a file of the tree is not part of this kernel, or empty when it is. */
    public Optional<String> leftOut(String path) {
        String reason = outsideKernel(path, arch);
        if (reason != null) {
            return Optional.of(reason);
        }
        if (!fromKbuild || !path.endsWith(".c") || files.containsKey(path)) {
            return Optional.empty();
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0 && guessedDirectories.contains(path.substring(0, slash))) {
            return Optional.empty();
        }
        return Optional.of(NOT_BUILT);
    }

    public static final String OTHER_ARCH = "another architecture's arch/ directory";
    public static final String NOT_KERNEL_CODE = "not kernel code (" + String.join("/, ", NOT_KERNEL) + "/)";
    public static final String NOT_BUILT = "not compiled by kbuild under this configuration";

    /** The reason a path is outside any kernel of {@code arch} by where it lies, or null. */
    static String outsideKernel(String path, String arch) {
        if (path.startsWith("arch/") && !path.startsWith("arch/" + arch + "/")) {
            return OTHER_ARCH;
        }
        for (String top : NOT_KERNEL) {
            if (path.startsWith(top + "/")) {
                return NOT_KERNEL_CODE;
            }
        }
        return null;
    }

    /**
     * The condition kbuild compiles {@code path} under; for a file a Makefile names under a condition this
     * configuration does not meet, the condition it would need; true for a file kbuild does not govern (a header).
     */
    public Condition conditionOf(String path) {
        Condition c = files.get(path);
        return c != null ? c : disabled.getOrDefault(path, Condition.TRUE);
    }
}

package dev.kreach.analyzer.build;

import dev.kreach.analyzer.Sha256;
import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.analyzer.source.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The translation units of a build that a scan analyses: the commands whose file lies in the tree and in the scope,
 * one per file (a file compiled twice keeps its first command), in path order. The build's {@code .config} is the one
 * in the commands' working directory (the object tree). {@code reuseHeaders} replays what a header did to the macros
 * wherever it is included again in an equivalent state ({@link HeaderVersions}); off, every inclusion is
 * preprocessed, which gives the same units, slower.
 */
public record BuildPlan(String input, Path root, List<Unit> units, boolean fastFallback, boolean reuseHeaders) {

    /** One translation unit: the file's path in the tree, and its command. */
    public record Unit(String path, CompileCommand command) {
    }

    public static BuildPlan of(String input, List<CompileCommand> commands, Path root, Scope scope,
            boolean fastFallback) {
        if (commands.isEmpty()) {
            throw new BadInputException(input + ": records no compilation (was the tree built with C=1 or C=2 "
                    + "CHECK=kreach-check, or the database written after the build?)");
        }
        Path absoluteRoot = root.toAbsolutePath().normalize();
        // Compared as real paths: the build may have named the tree through a symlink, or TREE may be one.
        Path realRoot = real(absoluteRoot);
        Map<String, Unit> byPath = new TreeMap<>();
        for (CompileCommand command : commands) {
            Path file = real(command.file());
            if (!file.startsWith(realRoot)) {
                continue;
            }
            String path = realRoot.relativize(file).toString().replace('\\', '/');
            if (scope.contains(path) && path.endsWith(".c")) {
                byPath.putIfAbsent(path, new Unit(path, command));
            }
        }
        if (byPath.isEmpty()) {
            throw new BadInputException(input + ": none of its " + commands.size() + " files is under " + absoluteRoot
                    + " in scope " + scope + " (is TREE the source tree the build compiled?)");
        }
        return new BuildPlan(input, absoluteRoot, List.copyOf(byPath.values()), fastFallback, true);
    }

    /** The file's real path (symlinks resolved) when it exists, else its absolute normal form. */
    static Path real(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException | SecurityException e) {
            return absolute;
        }
    }

    public BuildPlan withHeaderReuse(boolean on) {
        return new BuildPlan(input, root, units, fastFallback, on);
    }

    /** The object tree's {@code .config}: the first command's working directory, else the source tree's. */
    public Optional<Path> dotConfig() {
        List<Path> candidates = new ArrayList<>();
        if (!units.isEmpty()) {
            candidates.add(units.get(0).command().directory().resolve(".config"));
        }
        candidates.add(root.resolve(".config"));
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    public Optional<String> dotConfigSha256() {
        return dotConfig().map(p -> {
            try {
                return Sha256.hex(dev.kreach.analyzer.source.SourceBytes.read(p));
            } catch (IOException e) {
                throw new BadInputException("cannot read " + p + ": " + e.getMessage(), e);
            }
        });
    }
}

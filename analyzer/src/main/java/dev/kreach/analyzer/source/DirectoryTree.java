package dev.kreach.analyzer.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A kernel tree checked out or unpacked on disk. */
final class DirectoryTree implements SourceTree {
    private final Path root;

    DirectoryTree(Path root) {
        this.root = root;
    }

    @Override
    public String displayName() {
        return root.toString();
    }

    @Override
    public List<String> files(Scope scope, String suffix) {
        List<String> out = new ArrayList<>();
        for (String prefix : scope.prefixes()) {
            Path start = prefix.isEmpty() ? root : root.resolve(prefix);
            if (!Files.isDirectory(start)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(start)) {
                // A directory or unreadable file named *.c is still listed: reading it reports the problem.
                walk.filter(p -> p.getFileName().toString().endsWith(suffix))
                        .map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .forEach(out::add);
            } catch (IOException | UncheckedIOException e) {
                throw new BadInputException("cannot list " + start + ": " + e.getMessage(), e);
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(root.resolve(path));
    }

    @Override
    public long size(String path) throws IOException {
        return Files.size(root.resolve(path));
    }

    @Override
    public SourceFile read(String path) throws IOException {
        Path file = root.resolve(path);
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        return new SourceFile(path, Files.readAllBytes(file));
    }
}

package dev.kreach.analyzer.build;

import java.nio.file.Path;
import java.util.List;

/**
 * One compiler (or checker) invocation for one C file: the directory it ran in, its arguments (the compiler's name
 * first when known) and the file, absolute. {@code origin} says where it was read, for error messages.
 */
public record CompileCommand(Path directory, Path file, List<String> arguments, String origin) {
    public CompileCommand {
        arguments = List.copyOf(arguments);
    }
}

package dev.kreach.analyzer.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreach.analyzer.source.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON compilation database (clang's format, as the kernel's {@code gen_compile_commands.py} writes it):
 * an array of {@code {directory, file, command | arguments}}. A malformed database is refused with one line naming
 * the file and the entry.
 */
public final class CompilationDatabase {
    private CompilationDatabase() {
    }

    /** An allyesconfig build's database is about 100 MiB. */
    public static final long DATABASE_BUDGET = 1024L * 1024 * 1024;

    public static List<CompileCommand> read(Path file) {
        JsonNode root;
        byte[] bytes = dev.kreach.analyzer.source.BoundedInput.read(file, DATABASE_BUDGET, "compilation database");
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            // A limit of the parser (nesting deeper than 1,000) has no location; a syntax error has one.
            throw new BadInputException(file + ": not a compilation database: " + (e.getLocation() == null
                    ? e.getOriginalMessage() : "invalid JSON at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new BadInputException("cannot read compilation database " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new BadInputException(file + ": not a compilation database: expected a JSON array of entries");
        }
        List<CompileCommand> commands = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            commands.add(entry(file, i, root.get(i)));
        }
        return commands;
    }

    private static CompileCommand entry(Path db, int index, JsonNode entry) {
        String origin = db + ": entry " + (index + 1);
        if (!entry.isObject() || !entry.path("directory").isTextual() || !entry.path("file").isTextual()) {
            throw new BadInputException(origin + ": needs \"directory\" and \"file\" strings");
        }
        Path directory = Path.of(entry.get("directory").asText());
        if (!directory.isAbsolute()) {
            throw new BadInputException(origin + ": \"directory\" must be absolute, not " + directory);
        }
        List<String> arguments = new ArrayList<>();
        if (entry.path("arguments").isArray()) {
            for (JsonNode a : entry.get("arguments")) {
                arguments.add(a.asText());
            }
        } else if (entry.path("command").isTextual()) {
            try {
                arguments = ShellWords.split(entry.get("command").asText());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(origin + ": " + e.getMessage(), e);
            }
        } else {
            throw new BadInputException(origin + ": needs \"arguments\" or \"command\"");
        }
        Path source = directory.resolve(entry.get("file").asText()).normalize();
        return new CompileCommand(directory, source, arguments, origin);
    }
}

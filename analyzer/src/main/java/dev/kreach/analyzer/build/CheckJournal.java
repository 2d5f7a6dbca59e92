package dev.kreach.analyzer.build;

import dev.kreach.analyzer.source.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the journal {@code kreach-check} appends to under {@code make C=1/C=2 CHECK=kreach-check}: one record per
 * checked file,
 * <pre>
 * begin PID
 * dir WORKING-DIRECTORY
 * cc $(CC)
 * arg ARGUMENT        (one line each: $(CHECKFLAGS) $(c_flags) file.c)
 * end
 * </pre>
 * A record cut short (a build killed mid-write) has no {@code end} and is counted, not used. A file checked again (a
 * rebuild appends) keeps its latest record.
 */
public final class CheckJournal {
    private CheckJournal() {
    }

    public record Contents(List<CompileCommand> commands, int incomplete) {
    }

    public static Contents read(Path file) {
        // Decoded leniently: a byte that is not UTF-8 spoils one path, not the journal ("Input length = 1").
        List<String> lines = new String(dev.kreach.analyzer.source.BoundedInput.read(file,
                CompilationDatabase.DATABASE_BUDGET, "journal"), StandardCharsets.UTF_8).lines().toList();
        Map<Path, CompileCommand> byFile = new LinkedHashMap<>();
        int incomplete = 0;
        Record record = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String value = space < 0 ? "" : line.substring(space + 1);
            switch (key) {
                case "begin" -> {
                    if (record != null) {
                        incomplete++;
                    }
                    record = new Record(file + ":" + (i + 1));
                }
                case "dir", "cc", "arg" -> {
                    if (record == null) {
                        throw new BadInputException(file + ":" + (i + 1) + ": not a kreach-check journal ("
                                + key + " outside a record)");
                    }
                    record.add(key, value);
                }
                case "end" -> {
                    if (record == null) {
                        throw new BadInputException(file + ":" + (i + 1)
                                + ": not a kreach-check journal (end outside a record)");
                    }
                    CompileCommand command = record.command();
                    if (command != null) {
                        byFile.remove(command.file());
                        byFile.put(command.file(), command);
                    } else {
                        incomplete++;
                    }
                    record = null;
                }
                default -> throw new BadInputException(file + ":" + (i + 1) + ": not a kreach-check journal line: "
                        + (line.length() > 60 ? line.substring(0, 60) + "..." : line));
            }
        }
        if (record != null) {
            incomplete++;
        }
        return new Contents(List.copyOf(byFile.values()), incomplete);
    }

    private static final class Record {
        private final String origin;
        private String dir;
        private String cc;
        private final List<String> args = new ArrayList<>();

        Record(String origin) {
            this.origin = origin;
        }

        void add(String key, String value) {
            switch (key) {
                case "dir" -> dir = value;
                case "cc" -> cc = value;
                default -> args.add(value);
            }
        }

        /** The command, or null when the record names no directory or no C file. */
        CompileCommand command() {
            if (dir == null || !Path.of(dir).isAbsolute()) {
                return null;
            }
            String source = null;
            for (int i = args.size() - 1; i >= 0 && source == null; i--) {
                if (args.get(i).endsWith(".c") && !args.get(i).startsWith("-")) {
                    source = args.get(i);
                }
            }
            if (source == null) {
                return null;
            }
            List<String> arguments = new ArrayList<>();
            // The checker is not told the compiler: $(CC) from make's environment stands for it.
            arguments.add(cc == null || cc.isBlank() ? "gcc" : cc.strip().split("\\s+")[0]);
            arguments.addAll(args);
            Path directory = Path.of(dir);
            return new CompileCommand(directory, directory.resolve(source).normalize(), arguments, origin);
        }
    }
}

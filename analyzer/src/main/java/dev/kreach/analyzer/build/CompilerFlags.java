package dev.kreach.analyzer.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a gcc (or sparse) command line means to the preprocessor, in gcc's order: {@code -D} and {@code -U} applied
 * left to right, {@code -iquote} dirs for {@code "..."} only, then {@code -I}, then {@code -isystem} and
 * {@code -idirafter}; {@code -include} and {@code -imacros} files; {@code -nostdinc}; {@code -std=}. Every other
 * option is accepted and ignored: warnings, code generation, sparse's {@code --arch=} and {@code -W...} checks.
 * {@code targetFlags} are those that change the compiler's predefined macros ({@code -m...}, {@code -f...},
 * {@code -O...}, {@code -std=}).
 */
public record CompilerFlags(String compiler, Path source, List<Path> quoteDirs, List<Path> includeDirs,
        List<Path> systemDirs, List<Path> forcedIncludes, List<Path> macroFiles, Map<String, String> macros,
        Set<String> undefined, boolean nostdinc, String std, List<String> targetFlags) {

    /** Options whose value is the next word when not glued to the option. */
    private static final Set<String> WITH_VALUE = Set.of("-I", "-D", "-U", "-include", "-imacros", "-isystem",
            "-iquote", "-idirafter", "-o", "-x", "-MF", "-MT", "-MQ", "-Xpreprocessor", "-Xassembler", "-Xlinker",
            "-aux-info", "--param", "-gcc-base-dir", "-multiarch-dir", "-target", "--target", "-arch");

    /**
     * Reads {@code command}; relative paths are relative to its directory. The command must name exactly one C
     * source, the one the command says it compiles.
     */
    public static CompilerFlags parse(CompileCommand command) {
        List<String> args = command.arguments();
        Path dir = command.directory();
        String compiler = args.isEmpty() || args.get(0).startsWith("-") ? "cc" : args.get(0);
        List<Path> quote = new ArrayList<>();
        List<Path> include = new ArrayList<>();
        List<Path> system = new ArrayList<>();
        List<Path> after = new ArrayList<>();
        List<Path> forced = new ArrayList<>();
        List<Path> macroFiles = new ArrayList<>();
        Map<String, String> macros = new LinkedHashMap<>();
        Set<String> undefined = new java.util.TreeSet<>();
        List<String> target = new ArrayList<>();
        boolean nostdinc = false;
        String std = null;
        for (int i = args.isEmpty() || args.get(0).startsWith("-") ? 0 : 1; i < args.size(); i++) {
            String arg = args.get(i);
            String option = null;
            String value = null;
            for (String o : new String[] {"-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-I", "-D",
                    "-U"}) {
                if (arg.startsWith(o)) {
                    option = o;
                    if (arg.length() > o.length()) {
                        value = arg.substring(o.length());
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new IllegalArgumentException(command.origin() + ": " + o + " without a value");
                    }
                    break;
                }
            }
            if (option == null) {
                if (WITH_VALUE.contains(arg)) {
                    i++;
                } else if (arg.equals("-nostdinc")) {
                    nostdinc = true;
                } else if (arg.startsWith("-std=")) {
                    std = arg.substring("-std=".length());
                    target.add(arg);
                } else if (arg.startsWith("-m") || arg.startsWith("-f") || arg.startsWith("-O")) {
                    target.add(arg);
                }
                continue;
            }
            switch (option) {
                case "-I" -> include.add(dir.resolve(value).normalize());
                case "-isystem" -> system.add(dir.resolve(value).normalize());
                case "-idirafter" -> after.add(dir.resolve(value).normalize());
                case "-iquote" -> quote.add(dir.resolve(value).normalize());
                case "-include" -> forced.add(dir.resolve(value).normalize());
                case "-imacros" -> macroFiles.add(dir.resolve(value).normalize());
                case "-D" -> {
                    int eq = value.indexOf('=');
                    String name = eq < 0 ? value : value.substring(0, eq);
                    macros.remove(name);
                    undefined.remove(name);
                    macros.put(name, eq < 0 ? "1" : value.substring(eq + 1));
                }
                default -> {
                    macros.remove(value);
                    undefined.add(value);
                }
            }
        }
        system.addAll(after);
        return new CompilerFlags(compiler, command.file(), quote, include, system, forced, macroFiles, macros,
                undefined, nostdinc, std, target);
    }

    public CompilerFlags {
        quoteDirs = List.copyOf(quoteDirs);
        includeDirs = List.copyOf(includeDirs);
        systemDirs = List.copyOf(systemDirs);
        forcedIncludes = List.copyOf(forcedIncludes);
        macroFiles = List.copyOf(macroFiles);
        macros = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(macros));
        undefined = Set.copyOf(undefined);
        targetFlags = List.copyOf(targetFlags);
    }
}

package dev.kreach.analyzer.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The macros the build's compiler defines before reading a file ({@code __GNUC__}, {@code __x86_64__},
 * {@code __SIZEOF_LONG__}, {@code __OPTIMIZE__}, ...), asked of the compiler itself with {@code -dM -E}, once per
 * distinct compiler and target flags. When the compiler cannot be run (a database from another machine), a small
 * x86-64 gcc set stands in and {@link #guessed()} says so.
 */
public final class PredefinedMacros {
    private final ConcurrentHashMap<List<String>, Map<String, String>> asked = new ConcurrentHashMap<>();
    private volatile String guessed;

    public Map<String, String> of(CompilerFlags flags) {
        List<String> key = new ArrayList<>();
        key.add(flags.compiler());
        key.addAll(flags.targetFlags());
        return asked.computeIfAbsent(key, this::ask);
    }

    /** Null when every compiler answered; else which one did not, and why. */
    public String guessed() {
        return guessed;
    }

    /** With the target flags; when the compiler refuses one of them (sparse's flags are not all gcc's), without. */
    private Map<String, String> ask(List<String> compilerAndFlags) {
        Map<String, String> macros = run(compilerAndFlags);
        if (macros == null && compilerAndFlags.size() > 1) {
            macros = run(compilerAndFlags.subList(0, 1));
        }
        return macros != null ? macros : standIn(compilerAndFlags.get(0) + " -dM -E failed");
    }

    private Map<String, String> run(List<String> compilerAndFlags) {
        List<String> command = new ArrayList<>(compilerAndFlags);
        command.addAll(List.of("-dM", "-E", "-x", "c", "/dev/null"));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            return parse(out);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static Map<String, String> parse(String dump) {
        Map<String, String> macros = new LinkedHashMap<>();
        for (String line : dump.split("\n")) {
            if (!line.startsWith("#define ")) {
                continue;
            }
            String rest = line.substring("#define ".length());
            int space = rest.indexOf(' ');
            String name = space < 0 ? rest : rest.substring(0, space);
            String value = space < 0 ? "" : rest.substring(space + 1);
            macros.put(name, value);
        }
        return macros;
    }

    private Map<String, String> standIn(String why) {
        guessed = why;
        Map<String, String> macros = new LinkedHashMap<>();
        macros.put("__GNUC__", "12");
        macros.put("__GNUC_MINOR__", "2");
        macros.put("__GNUC_PATCHLEVEL__", "0");
        macros.put("__STDC__", "1");
        macros.put("__STDC_VERSION__", "201710L");
        macros.put("__STDC_HOSTED__", "1");
        macros.put("__x86_64__", "1");
        macros.put("__x86_64", "1");
        macros.put("__LP64__", "1");
        macros.put("_LP64", "1");
        macros.put("__CHAR_BIT__", "8");
        macros.put("__SIZEOF_INT__", "4");
        macros.put("__SIZEOF_LONG__", "8");
        macros.put("__SIZEOF_LONG_LONG__", "8");
        macros.put("__SIZEOF_POINTER__", "8");
        macros.put("__SIZEOF_SHORT__", "2");
        macros.put("__SIZEOF_INT128__", "16");
        macros.put("__ORDER_LITTLE_ENDIAN__", "1234");
        macros.put("__ORDER_BIG_ENDIAN__", "4321");
        macros.put("__BYTE_ORDER__", "__ORDER_LITTLE_ENDIAN__");
        macros.put("__OPTIMIZE__", "1");
        macros.put("__linux__", "1");
        return macros;
    }
}

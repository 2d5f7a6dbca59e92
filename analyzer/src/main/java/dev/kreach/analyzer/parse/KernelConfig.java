package dev.kreach.analyzer.parse;

import dev.kreach.analyzer.source.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code CONFIG_*} symbols the preprocessor sees. Fast mode without a {@code .config} defines every symbol a
 * file mentions as 1, so every {@code #ifdef CONFIG_*} and {@code IS_ENABLED(CONFIG_*)} branch is analysed, as with
 * allyesconfig; a real {@code .config} gives the kernel's own meaning ({@code =y} defines NAME, {@code =m} defines
 * NAME_MODULE, as autoconf.h does).
 */
public abstract sealed class KernelConfig {

    public static KernelConfig allEnabled() {
        return new AllEnabled();
    }

    /** Reads a kernel {@code .config}; a line that is not one gives one error naming the file and line. */
    public static KernelConfig fromDotConfig(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read config " + file + ": " + e.getMessage(), e);
        }
        Pattern set = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
        Pattern unset = Pattern.compile("^# (CONFIG_[A-Za-z0-9_]+) is not set$");
        Map<String, String> symbols = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || unset.matcher(line).matches() || line.startsWith("#")) {
                continue;
            }
            Matcher m = set.matcher(line);
            if (!m.matches()) {
                throw new BadInputException(file + ":" + (i + 1) + ": not a kernel .config line: " + abbreviate(line));
            }
            String name = m.group(1);
            String value = m.group(2);
            switch (value) {
                case "y" -> symbols.put(name, "1");
                case "m" -> symbols.put(name + "_MODULE", "1");
                case "n" -> { }
                default -> symbols.put(name, value);
            }
        }
        if (symbols.isEmpty()) {
            throw new BadInputException(file + ": no CONFIG_ symbols set; is this a kernel .config?");
        }
        return new FromDotConfig(Map.copyOf(symbols));
    }

    /** The symbols to define when parsing a file with this text. */
    abstract Map<String, String> symbolsFor(String text);

    public abstract String describe();

    /** Equal for configurations that parse every file the same way; cached facts are keyed on it. */
    public abstract String fingerprint();

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    private static final class AllEnabled extends KernelConfig {
        @Override
        Map<String, String> symbolsFor(String text) {
            Map<String, String> symbols = new LinkedHashMap<>();
            // A plain search: this runs on every file and header, and a regex with \\b is many times slower.
            for (int at = text.indexOf("CONFIG_"); at >= 0; at = text.indexOf("CONFIG_", at + 1)) {
                if (at > 0 && isIdentifierChar(text.charAt(at - 1))) {
                    continue;
                }
                int end = at + "CONFIG_".length();
                while (end < text.length() && isIdentifierChar(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(at, end);
                // NAME_MODULE means "built as a module": with everything built in, it stays undefined.
                if (end > at + "CONFIG_".length() && !name.endsWith("_MODULE")) {
                    symbols.put(name, "1");
                }
            }
            return symbols;
        }

        private static boolean isIdentifierChar(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }

        @Override
        public String describe() {
            return "every CONFIG_ option enabled (fast mode, no .config)";
        }

        @Override
        public String fingerprint() {
            return "all-enabled";
        }
    }

    private static final class FromDotConfig extends KernelConfig {
        private final Map<String, String> symbols;

        FromDotConfig(Map<String, String> symbols) {
            this.symbols = symbols;
        }

        @Override
        Map<String, String> symbolsFor(String text) {
            return symbols;
        }

        @Override
        public String describe() {
            return symbols.size() + " CONFIG_ symbols from .config";
        }

        @Override
        public String fingerprint() {
            StringBuilder all = new StringBuilder();
            new java.util.TreeMap<>(symbols).forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
            return "dot-config:" + dev.kreach.analyzer.Sha256.hex(all.toString());
        }
    }
}

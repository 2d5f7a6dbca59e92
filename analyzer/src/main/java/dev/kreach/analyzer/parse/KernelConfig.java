package dev.kreach.analyzer.parse;

import dev.kreach.analyzer.kbuild.DefaultConfiguration;
import dev.kreach.analyzer.source.BadInputException;
import java.nio.charset.StandardCharsets;
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
public abstract sealed class KernelConfig implements dev.kreach.analyzer.kbuild.Configuration {

    /**
     * No {@code .config}: the tree's own Kconfig defaults when a scan resolves it ({@link #resolvedFor}), else every
     * symbol a file mentions.
     */
    public static KernelConfig allEnabled() {
        return new AllEnabled();
    }

    /** Whether this stands for "no .config given", which a scan resolves against the tree's Kconfig. */
    public boolean isUnresolvedDefault() {
        return this instanceof AllEnabled;
    }

    /** The configuration for parsing when no .config is given and the tree's Kconfig gives {@code defaults}. */
    public static KernelConfig fromDefaults(DefaultConfiguration defaults, String arch) {
        return new Defaults(defaults, arch);
    }

    /** Reads a kernel {@code .config}; a line that is not one gives one error naming the file and line. */
    /** The largest {@code .config} read, in bytes. */
    public static final long CONFIG_BUDGET = 16L * 1024 * 1024;

    public static KernelConfig fromDotConfig(Path file) {
        return fromDotConfig(file, true);
    }

    /**
     * A build's own {@code .config} (build mode): one with every option unset is still that build's configuration.
     */
    public static KernelConfig ofBuild(Path file) {
        return fromDotConfig(file, false);
    }

    private static KernelConfig fromDotConfig(Path file, boolean requireSymbols) {
        // Debian's amd64 configurations are about 250 KB; nothing that size times sixty is a .config.
        List<String> lines = new String(dev.kreach.analyzer.source.BoundedInput.read(file, CONFIG_BUDGET, "config"),
                StandardCharsets.UTF_8).lines().toList();
        Pattern set = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
        Pattern unset = Pattern.compile("^# (CONFIG_[A-Za-z0-9_]+) is not set$");
        Map<String, String> symbols = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
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
            values.put(name, value.equals("n") ? "" : value);
            switch (value) {
                case "y" -> symbols.put(name, "1");
                case "m" -> symbols.put(name + "_MODULE", "1");
                case "n" -> { }
                default -> symbols.put(name, value);
            }
        }
        if (symbols.isEmpty() && requireSymbols) {
            throw new BadInputException(file + ": no CONFIG_ symbols set; is this a kernel .config?");
        }
        return new FromDotConfig(Map.copyOf(symbols), Map.copyOf(values));
    }

    /** What reading the tree's Kconfig for this configuration could not do (none for a .config). */
    /** The tree's Kconfig defaults this configuration stands for, when it is one. */
    public java.util.Optional<DefaultConfiguration> defaults() {
        return this instanceof Defaults d ? java.util.Optional.of(d.defaults) : java.util.Optional.empty();
    }

    public List<dev.kreach.analyzer.kbuild.KbuildNote> notes() {
        return this instanceof Defaults d ? d.defaults.notes() : List.of();
    }

    /** The symbols to define when parsing a file with this text. */
    abstract Map<String, String> symbolsFor(String text);

    public abstract String describe();

    /** Equal for configurations that parse every file the same way; cached facts are keyed on it. */
    public abstract String fingerprint();

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    /** Scans {@code text} for {@code CONFIG_} names, keeping those {@code keep} accepts with their value. */
    static Map<String, String> mentioned(String text, java.util.function.Function<String, String> valueOf) {
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
            if (end > at + "CONFIG_".length()) {
                String name = text.substring(at, end);
                String value = valueOf.apply(name);
                if (value != null) {
                    symbols.put(name, value);
                }
            }
        }
        return symbols;
    }

    private static boolean isIdentifierChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * The architecture's Kconfig defaults ({@link DefaultConfiguration}): a symbol is defined as autoconf.h would
     * define it, {@code y} as 1, a string or number as itself; what is off or undefined stays undefined.
     */
    private static final class Defaults extends KernelConfig {
        private final DefaultConfiguration defaults;
        private final String arch;
        private final String fingerprint;

        Defaults(DefaultConfiguration defaults, String arch) {
            this.defaults = defaults;
            this.arch = arch;
            StringBuilder all = new StringBuilder();
            new java.util.TreeMap<>(defaults.values()).forEach((k, v) -> all.append(k).append('=').append(v)
                    .append('\n'));
            this.fingerprint = "kconfig-defaults:" + dev.kreach.analyzer.Sha256.hex(all.toString());
        }

        @Override
        public String value(String symbol) {
            return defaults.value(symbol);
        }

        @Override
        Map<String, String> symbolsFor(String text) {
            return mentioned(text, name -> {
                String v = defaults.value(name);
                if (v.isEmpty()) {
                    return null;
                }
                return v.equals("y") ? "1" : v;
            });
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "no .config: arch/%s Kconfig defaults, every option on that "
                    + "its dependencies allow (allyesconfig-like; %,d options set)", arch, defaults.values().size());
        }

        @Override
        public String fingerprint() {
            return fingerprint;
        }
    }

    private static final class AllEnabled extends KernelConfig {
        /** Every option is built in. */
        @Override
        public String value(String symbol) {
            return "y";
        }

        @Override
        Map<String, String> symbolsFor(String text) {
            // NAME_MODULE means "built as a module": with everything built in, it stays undefined.
            return mentioned(text, name -> name.endsWith("_MODULE") ? null : "1");
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
        private final Map<String, String> values;

        FromDotConfig(Map<String, String> symbols, Map<String, String> values) {
            this.symbols = symbols;
            this.values = values;
        }

        /** As kbuild's auto.conf has it: y, m, the string or number as written, or empty when not set. */
        @Override
        public String value(String symbol) {
            return values.getOrDefault(symbol, "");
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

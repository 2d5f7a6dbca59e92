package dev.kreach.analyzer.build;

import dev.kreach.analyzer.BundledText;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The macros of {@code cdt-compat.h}: kreach's definitions win over the headers' for these names only. The file is
 * force-included before the build's own {@code -include} files; headers' definitions of the same names are renamed
 * as the headers are read, keeping every line where it was. Macros that kreach models ({@code INIT_WORK},
 * {@code kthread_run}, ...) are renamed the same way with no replacement, so they stay calls, as fast mode sees them,
 * and the models apply: expanded, {@code INIT_WORK(&w, fn)} would be an assignment to a field of a local.
 */
final class CdtCompat {
    static final String PATH = "/kreach/cdt-compat.h";
    private static final char[] TEXT = load();
    private static final Pattern DEFINE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*define[ \\t]+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Set<String> COMPAT_NAMES = names();

    private final Set<String> names;
    private final Pattern shadowed;

    /** @param keptAsCalls names whose macro definitions are dropped, so that their uses stay calls */
    CdtCompat(Set<String> keptAsCalls) {
        Set<String> all = new java.util.TreeSet<>(COMPAT_NAMES);
        all.addAll(keptAsCalls);
        this.names = all;
        this.shadowed = Pattern.compile("(?m)^([ \\t]*#[ \\t]*define[ \\t]+)(" + String.join("|", all)
                + ")\\b");
    }

    static char[] text() {
        return TEXT;
    }

    /** The header's text with its definitions of kreach's names renamed; the same text when it has none. */
    String shadow(String header) {
        Matcher define = DEFINE.matcher(header);
        while (define.find()) {
            if (names.contains(define.group(1))) {
                return shadowed.matcher(header).replaceAll("$1__kreach_shadowed_$2");
            }
        }
        return header;
    }

    private static Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = DEFINE.matcher(new String(TEXT));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static char[] load() {
        return BundledText.of(CdtCompat.class, "cdt-compat.h").toCharArray();
    }
}

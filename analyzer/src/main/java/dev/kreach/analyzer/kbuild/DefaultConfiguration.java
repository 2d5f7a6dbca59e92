package dev.kreach.analyzer.kbuild;

import dev.kreach.analyzer.source.SourceTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * kreach's configuration when none is given: one kernel of the architecture with as much as possible on, in the
 * manner of {@code make allyesconfig}. Every option the architecture's Kconfig tree defines with a prompt is on
 * ({@code y}) where its {@code depends on} (and enclosing {@code if}/{@code menu}) allow; an option without a prompt
 * is on when a default or a {@code select} of an enabled option turns it on; each {@code choice} group has one member
 * on, its default where that is allowed, else its first allowed member. A symbol the architecture's Kconfig does not
 * define (another architecture's {@code CONFIG_PPC64}) is not set. So {@code CONFIG_64BIT} is on and
 * {@code CONFIG_X86_32}, which depends on {@code !64BIT}, is off: {@code process_32.c} and {@code process_64.c} are
 * never both in. Values are found by iterating to a fixed point, as {@code conf} does in effect.
 */
public final class DefaultConfiguration implements Configuration {
    /** Passes over the symbols before giving up on a fixed point (dependency chains in 6.12 settle in under 20). */
    static final int MAX_PASSES = 60;

    private final Map<String, String> values;
    private final List<KbuildNote> notes;
    private final int passes;
    private final boolean settled;

    private DefaultConfiguration(Map<String, String> values, List<KbuildNote> notes, int passes, boolean settled) {
        this.values = values;
        this.notes = notes;
        this.passes = passes;
        this.settled = settled;
    }

    /** A configuration computed before and saved ({@link KbuildCodec}), as it was. */
    static DefaultConfiguration restored(Map<String, String> values, List<KbuildNote> notes, int passes,
            boolean settled) {
        return new DefaultConfiguration(values, List.copyOf(notes), passes, settled);
    }

    /** The default configuration of {@code arch} from the tree's Kconfig files; empty without a top-level Kconfig. */
    public static Optional<DefaultConfiguration> of(SourceTree tree, String arch) {
        return Kconfig.read(tree, arch).map(k -> evaluate(k, arch));
    }

    static DefaultConfiguration evaluate(Kconfig kconfig, String arch) {
        Map<String, List<Kconfig.Definition>> symbols = kconfig.symbols();
        Map<String, String> values = new LinkedHashMap<>();
        symbols.forEach((name, defs) -> values.put(name, isBoolean(typeOf(defs)) ? "y" : ""));
        // Expressions name symbols without CONFIG_: a second map by bare name spares a concatenation per lookup.
        Map<String, String> bare = new java.util.HashMap<>();
        values.forEach((name, v) -> bare.put(name.substring("CONFIG_".length()), v));
        Function<String, String> lookup = name -> {
            if (name.equals("ARCH") || name.equals("SRCARCH")) {
                return arch;
            }
            String v = bare.get(name);
            return v == null ? "n" : v;
        };
        int pass = 0;
        boolean changed = true;
        while (changed && pass < MAX_PASSES) {
            pass++;
            changed = false;
            Set<String> selected = selected(symbols, values, lookup);
            List<String> chosen = new ArrayList<>();
            for (Kconfig.Choice c : kconfig.choices()) {
                chosen.add(chosen(c, symbols, lookup));
            }
            for (Map.Entry<String, List<Kconfig.Definition>> e : symbols.entrySet()) {
                String next = valueOf(e.getKey(), e.getValue(), lookup, selected, chosen);
                if (!next.equals(values.get(e.getKey()))) {
                    values.put(e.getKey(), next);
                    bare.put(e.getKey().substring("CONFIG_".length()), next);
                    changed = true;
                }
            }
        }
        List<KbuildNote> notes = new ArrayList<>(kconfig.notes());
        if (changed) {
            notes.add(new KbuildNote("Kconfig", 1, "option values did not settle after " + MAX_PASSES
                    + " passes; the last pass is used"));
        }
        Map<String, String> set = new TreeMap<>();
        values.forEach((k, v) -> {
            if (!v.isEmpty() && !v.equals("n")) {
                set.put(k, v);
            }
        });
        return new DefaultConfiguration(Map.copyOf(set), List.copyOf(notes), pass, !changed);
    }

    private static String valueOf(String name, List<Kconfig.Definition> defs, Function<String, String> lookup,
            Set<String> selected, List<String> chosen) {
        String type = typeOf(defs);
        if (isBoolean(type)) {
            boolean inChoice = false;
            for (Kconfig.Definition d : defs) {
                if (d.choice() >= 0) {
                    inChoice = true;
                    if (name.equals(chosen.get(d.choice()))) {
                        return "y";
                    }
                }
            }
            if (selected.contains(name)) {
                return "y";
            }
            if (inChoice) {
                return "n";
            }
            for (Kconfig.Definition d : defs) {
                if (d.depends().tristate(lookup) == 0) {
                    continue;
                }
                if (d.prompt() != null && d.prompt().tristate(lookup) > 0) {
                    return "y";
                }
                for (KconfigExpr.Default dflt : d.defaults()) {
                    if (dflt.when().tristate(lookup) > 0) {
                        if (dflt.value().tristate(lookup) > 0) {
                            return "y";
                        }
                        break;
                    }
                }
            }
            return "n";
        }
        for (Kconfig.Definition d : defs) {
            if (d.depends().tristate(lookup) == 0) {
                continue;
            }
            for (KconfigExpr.Default dflt : d.defaults()) {
                if (dflt.when().tristate(lookup) > 0) {
                    return dflt.value() instanceof KconfigExpr.Sym s ? KconfigExpr.valueOf(s, lookup)
                            : dflt.value().tristate(lookup) > 0 ? "y" : "n";
                }
            }
        }
        return "";
    }

    /** Every symbol an enabled symbol selects (where the select's own condition holds). */
    private static Set<String> selected(Map<String, List<Kconfig.Definition>> symbols, Map<String, String> values,
            Function<String, String> lookup) {
        Set<String> out = new HashSet<>();
        symbols.forEach((name, defs) -> {
            if (!"y".equals(values.get(name))) {
                return;
            }
            for (Kconfig.Definition d : defs) {
                if (d.depends().tristate(lookup) == 0) {
                    continue;
                }
                for (KconfigExpr.Default s : d.selects()) {
                    if (s.value() instanceof KconfigExpr.Sym target && s.when().tristate(lookup) > 0) {
                        out.add("CONFIG_" + target.name());
                    }
                }
            }
        });
        return out;
    }

    /** The member of a choice that is on: its default where allowed, else its first allowed member; or none. */
    private static String chosen(Kconfig.Choice c, Map<String, List<Kconfig.Definition>> symbols,
            Function<String, String> lookup) {
        if (c.depends.tristate(lookup) == 0) {
            return "";
        }
        List<String> allowed = new ArrayList<>();
        for (String member : c.members) {
            if (symbols.get(member).stream().anyMatch(d -> d.depends().tristate(lookup) > 0)) {
                allowed.add(member);
            }
        }
        for (KconfigExpr.Default d : c.defaults) {
            if (d.value() instanceof KconfigExpr.Sym s && d.when().tristate(lookup) > 0
                    && allowed.contains("CONFIG_" + s.name())) {
                return "CONFIG_" + s.name();
            }
        }
        return allowed.isEmpty() ? "" : allowed.get(0);
    }

    private static String typeOf(List<Kconfig.Definition> defs) {
        if (defs == null) {
            return "";
        }
        for (Kconfig.Definition d : defs) {
            if (!d.type().isEmpty()) {
                return d.type();
            }
        }
        return "";
    }

    private static boolean isBoolean(String type) {
        return type.equals("bool") || type.equals("tristate");
    }

    @Override
    public String value(String symbol) {
        return values.getOrDefault(symbol, "");
    }

    /** Every symbol that is set, with its value. */
    public Map<String, String> values() {
        return values;
    }

    public List<KbuildNote> notes() {
        return notes;
    }

    public int passes() {
        return passes;
    }

    public boolean settled() {
        return settled;
    }
}

package dev.kreach.analyzer.build;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.cdt.core.parser.ISignificantMacros;
import org.eclipse.cdt.internal.core.parser.scanner.SignificantMacros;

/**
 * A header version's significant macros, decoded once. CDT's own check decodes the encoded set into fresh arrays and
 * re-derives each macro's shortened replacement on every inclusion; a header is looked up hundreds of times per unit,
 * against tens of versions, so the check is done here instead, with the same meaning: "defined", "undefined", or
 * defined with the same (shortened) replacement list.
 */
final class MacroConditions {
    private final char[][] names;
    /** {@link SignificantMacros#DEFINED}, {@link SignificantMacros#UNDEFINED} (by identity) or a replacement. */
    private final char[][] values;

    private MacroConditions(char[][] names, char[][] values) {
        this.names = names;
        this.values = values;
    }

    static MacroConditions of(ISignificantMacros significant) {
        List<char[]> names = new ArrayList<>();
        List<char[]> values = new ArrayList<>();
        SignificantMacroSet.forEach(significant, (name, value) -> {
            names.add(name);
            values.add(value);
        });
        return new MacroConditions(names.toArray(char[][]::new), values.toArray(char[][]::new));
    }

    /** Whether every condition holds in the unit's current macros. */
    boolean holdIn(PreprocessorAccess unit) {
        for (int i = 0; i < names.length; i++) {
            char[] value = values[i];
            if (value == SignificantMacros.DEFINED) {
                if (unit.macro(names[i]) == null) {
                    return false;
                }
            } else if (value == SignificantMacros.UNDEFINED) {
                if (unit.macro(names[i]) != null) {
                    return false;
                }
            } else if (!Arrays.equals(value, unit.shortenedReplacement(names[i]))) {
                return false;
            }
        }
        return true;
    }
}

package dev.kreach.analyzer.build;

import org.eclipse.cdt.core.parser.ISignificantMacros;
import org.eclipse.cdt.core.parser.util.CharArrayObjectMap;
import org.eclipse.cdt.internal.core.parser.scanner.SignificantMacros;

/**
 * The macros a header's reading depended on, being gathered as it is read: name to the value it had, or "defined" /
 * "undefined" when only that was tested. CDT gathers the same per file, but when a header ends it drops from its
 * includer's set every macro the header itself went on to define, among them the header's include guard: the
 * includer would then be replayed where the header had already been included. kreach therefore passes a finished
 * header's set on to its includer itself, leaving out only what the includer had defined before the
 * {@code #include}.
 */
final class SignificantMacroSet {
    private final CharArrayObjectMap<char[]> values = new CharArrayObjectMap<>(16);

    /** Adds a test; a value is the stronger statement, so it replaces a "defined" already there. */
    void add(char[] name, char[] value) {
        char[] known = values.get(name);
        if (known == null || (known == SignificantMacros.DEFINED && value != SignificantMacros.UNDEFINED)) {
            values.put(name, value);
        }
    }

    void addAll(ISignificantMacros macros) {
        forEach(macros, this::add);
    }

    /**
     * Each entry of an encoded set: name and value, "defined" and "undefined" as {@link SignificantMacros#DEFINED}
     * and {@link SignificantMacros#UNDEFINED} (compared by identity).
     */
    static void forEach(ISignificantMacros macros, java.util.function.BiConsumer<char[], char[]> entry) {
        macros.accept(new ISignificantMacros.IVisitor() {
            @Override
            public boolean visitValue(char[] macro, char[] value) {
                entry.accept(macro, value);
                return true;
            }

            @Override
            public boolean visitUndefined(char[] macro) {
                entry.accept(macro, SignificantMacros.UNDEFINED);
                return true;
            }

            @Override
            public boolean visitDefined(char[] macro) {
                entry.accept(macro, SignificantMacros.DEFINED);
                return true;
            }
        });
    }

    /** Passes every test on to {@code includer}, except those {@code setBefore} says the includer had decided. */
    void passTo(SignificantMacroSet includer, java.util.function.Predicate<char[]> setBefore) {
        for (int i = 0; i < values.size(); i++) {
            char[] name = values.keyAt(i);
            if (!setBefore.test(name)) {
                includer.add(name, values.getAt(i));
            }
        }
    }

    ISignificantMacros toSignificantMacros() {
        return values.isEmpty() ? ISignificantMacros.NONE : new SignificantMacros(values);
    }
}

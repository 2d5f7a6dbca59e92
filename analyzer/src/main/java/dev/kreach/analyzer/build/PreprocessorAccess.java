package dev.kreach.analyzer.build;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.cdt.core.parser.IScanner;
import org.eclipse.cdt.core.parser.util.CharArrayMap;
import org.eclipse.cdt.core.parser.util.CharArraySet;
import org.eclipse.cdt.internal.core.parser.scanner.CPreprocessor;
import org.eclipse.cdt.internal.core.parser.scanner.CounterMacro;
import org.eclipse.cdt.internal.core.parser.scanner.PreprocessorMacro;
import org.eclipse.cdt.internal.core.parser.scanner.SignificantMacros;

/**
 * What reusing a header needs to know about one running CDT preprocessor and no API gives: the macro dictionary, the
 * names the open header and its includer have defined or undefined so far (CDT collects them per file to tell which
 * macros a file's reading depended on, for its own index), and {@code __COUNTER__}. Field names are those of the pinned
 * CDT version; a different version fails here, at class initialisation, not with wrong macros.
 */
final class PreprocessorAccess {
    private static final char[] COUNTER = "__COUNTER__".toCharArray();
    private static final VarHandle DICTIONARY;
    private static final VarHandle CONTEXT;
    private static final VarHandle MODIFICATIONS;
    private static final VarHandle PARENT;
    private static final VarHandle COUNTER_VALUE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DICTIONARY = MethodHandles.privateLookupIn(CPreprocessor.class, lookup)
                    .findVarHandle(CPreprocessor.class, "fMacroDictionary", CharArrayMap.class);
            // ScannerContext is package-private: one per file (or macro expansion) being read.
            Class<?> context = Class.forName("org.eclipse.cdt.internal.core.parser.scanner.ScannerContext");
            CONTEXT = MethodHandles.privateLookupIn(CPreprocessor.class, lookup)
                    .findVarHandle(CPreprocessor.class, "fCurrentContext", context);
            MODIFICATIONS = MethodHandles.privateLookupIn(context, lookup)
                    .findVarHandle(context, "fInternalModifications", CharArraySet.class);
            PARENT = MethodHandles.privateLookupIn(context, lookup).findVarHandle(context, "fParent", context);
            COUNTER_VALUE = MethodHandles.privateLookupIn(CounterMacro.class, lookup)
                    .findVarHandle(CounterMacro.class, "fValue", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this CDT version does not keep the preprocessor state header reuse "
                    + "reads: " + e);
        }
    }

    private final CPreprocessor preprocessor;
    /** Shortened replacement lists as significant macros compare them, per definition (definitions never change). */
    private final java.util.IdentityHashMap<PreprocessorMacro, char[]> shortened = new java.util.IdentityHashMap<>();

    private PreprocessorAccess(CPreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    /** Access to {@code scanner}'s state, when it is CDT's preprocessor. */
    static java.util.Optional<PreprocessorAccess> of(IScanner scanner) {
        return scanner instanceof CPreprocessor p ? java.util.Optional.of(new PreprocessorAccess(p))
                : java.util.Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private CharArrayMap<PreprocessorMacro> dictionary() {
        return (CharArrayMap<PreprocessorMacro>) DICTIONARY.get(preprocessor);
    }

    /** The macro now defined under {@code name}, or null. */
    PreprocessorMacro macro(char[] name) {
        return dictionary().get(name);
    }

    /** The replacement list of the macro now defined under {@code name}, as significant macros hold it; or null. */
    char[] shortenedReplacement(char[] name) {
        PreprocessorMacro macro = macro(name);
        if (macro == null) {
            return null;
        }
        return shortened.computeIfAbsent(macro, m -> {
            char[] expansion = m.getExpansion();
            return expansion == null ? null : SignificantMacros.shortenValue(expansion);
        });
    }

    /** Every macro now defined, by name. */
    java.util.Map<String, PreprocessorMacro> macros() {
        java.util.Map<String, PreprocessorMacro> all = new java.util.TreeMap<>();
        CharArrayMap<PreprocessorMacro> dictionary = dictionary();
        for (char[] name : dictionary.keys()) {
            all.put(new String(name), dictionary.get(name));
        }
        return all;
    }

    /**
     * The names the file being read (with everything it included) has defined or undefined, or null when CDT is not
     * collecting them for it.
     */
    List<char[]> modifiedInCurrentFile() {
        Object context = CONTEXT.get(preprocessor);
        CharArraySet names = context == null ? null : (CharArraySet) MODIFICATIONS.get(context);
        if (names == null) {
            return null;
        }
        List<char[]> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(names.keyAt(i));
        }
        return out;
    }

    /**
     * Whether the file that included the one being read had defined or undefined a name itself (or in a header that
     * ended before this one began): then the name's value is that file's doing, not a condition on its reading.
     */
    java.util.function.Predicate<char[]> setByIncluder() {
        Object context = CONTEXT.get(preprocessor);
        for (Object c = context == null ? null : PARENT.get(context); c != null; c = PARENT.get(c)) {
            CharArraySet names = (CharArraySet) MODIFICATIONS.get(c);
            if (names != null) {
                return names::containsKey;
            }
        }
        return name -> false;
    }

    /** How many problems (an include not found, a bad directive, ...) the preprocessor has reported so far. */
    int problemCount() {
        return preprocessor.getLocationResolver().getScannerProblemsCount();
    }

    /** The next value {@code __COUNTER__} expands to. */
    long counter() {
        return dictionary().get(COUNTER) instanceof CounterMacro c ? (long) COUNTER_VALUE.get(c) : 0;
    }

    /** Moves {@code __COUNTER__} on as a header's expansions would have. */
    void advanceCounter(long by) {
        if (by != 0 && dictionary().get(COUNTER) instanceof CounterMacro c) {
            COUNTER_VALUE.set(c, (long) COUNTER_VALUE.get(c) + by);
        }
    }
}

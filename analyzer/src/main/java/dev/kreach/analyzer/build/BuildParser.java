package dev.kreach.analyzer.build;

import dev.kreach.analyzer.parse.ParseBudget;
import dev.kreach.analyzer.parse.ParseWatch;
import dev.kreach.analyzer.parse.UnparsableFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.core.runtime.CoreException;

/**
 * Preprocesses and parses one translation unit exactly as its command line says: the compiler's predefined macros,
 * then {@code -D}/{@code -U}, the {@code -include} files, and every {@code #include} resolved on the command's
 * search path. Thread-safe; headers are read once per run through the shared {@link HeaderFiles}, and replayed
 * where the shared {@link HeaderVersions} know them.
 */
public final class BuildParser {
    private final HeaderFiles headers;
    private final PredefinedMacros predefined;
    private final HeaderVersions versions;
    private final ParseBudget budget;

    public BuildParser(HeaderFiles headers, PredefinedMacros predefined, HeaderVersions versions,
            ParseBudget budget) {
        this.headers = headers;
        this.predefined = predefined;
        this.versions = versions;
        this.budget = budget;
    }

    /** A header's text as the preprocessor read it. */
    public java.util.Optional<String> headerText(String path) {
        return headers.text(path).map(String::new);
    }

    /**
     * The unit, the text of its main file (which the unit was parsed from), and the macro state the preprocessor
     * ended in (name to parameters and replacement, plus {@code __COUNTER__}'s next value), computed on demand.
     */
    public record Unit(IASTTranslationUnit ast, String mainText, byte[] mainBytes,
            java.util.function.Supplier<Map<String, String>> finalMacros) {
    }

    /**
     * @param analysed files whose declarations and bodies are parsed (the unit's own file and the scope's headers);
     *     other headers contribute declarations, types and macros only
     */
    public Unit parse(CompilerFlags flags, java.util.function.Predicate<String> analysed)
            throws UnparsableFileException {
        String path = flags.source().toString();
        String text;
        byte[] bytes;
        try {
            bytes = dev.kreach.analyzer.source.SourceBytes.read(flags.source());
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UnparsableFileException(path + ": unreadable: " + e.getMessage(), e);
        }
        Map<String, String> symbols = new LinkedHashMap<>(predefined.of(flags));
        symbols.keySet().removeAll(flags.undefined());
        symbols.putAll(flags.macros());
        // gcc's named address spaces (per-cpu variables): CDT does not know the keywords.
        symbols.put("__seg_gs", "");
        symbols.put("__seg_fs", "");
        List<Path> forced = new java.util.ArrayList<>();
        forced.add(Path.of(CdtCompat.PATH));
        forced.addAll(flags.forcedIncludes());
        ExtendedScannerInfo info = new ExtendedScannerInfo(symbols, strings(concat(flags.includeDirs(),
                flags.systemDirs())), strings(flags.macroFiles()), strings(forced),
                strings(flags.quoteDirs()));
        try {
            // Image locations stay on: they place a call written in a macro's argument (doutc's, WARN_ON's).
            BuildFileProvider files = new BuildFileProvider(headers, versions,
                    versions.searchPath(SearchPath.of(flags)), analysed);
            HeaderSkippingLanguage language = new HeaderSkippingLanguage(analysed, files);
            FileContent content = FileContent.create(path, text.toCharArray());
            IASTTranslationUnit ast = ParseWatch.shared().parse(path, budget, log -> language.getASTTranslationUnit(
                    content, info, files, null, ILanguage.OPTION_IS_SOURCE_UNIT, log));
            return new Unit(ast, text, bytes, files::finalMacros);
        } catch (CoreException | RuntimeException | StackOverflowError e) {
            throw new UnparsableFileException(path + ": parser failed: " + e, e);
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String[] strings(List<Path> paths) {
        return paths.stream().map(Path::toString).toArray(String[]::new);
    }
}

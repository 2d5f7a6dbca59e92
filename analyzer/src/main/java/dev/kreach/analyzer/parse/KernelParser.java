package dev.kreach.analyzer.parse;

import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.source.SourceFile;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.model.ILanguage;
import org.eclipse.cdt.core.parser.ExtendedScannerInfo;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.IScannerInfo;
import org.eclipse.core.runtime.CoreException;

/**
 * Parses one kernel C file in fast mode (no headers, the kernel prelude as macro file, configuration symbols
 * defined) and extracts its facts. Thread-safe: each call builds its own scanner state.
 */
public final class KernelParser {
    private final KernelConfig config;
    private final ParseBudget budget;

    public KernelParser(KernelConfig config) {
        this(config, ParseBudget.DEFAULT);
    }

    public KernelParser(KernelConfig config, ParseBudget budget) {
        this.config = config;
        this.budget = budget;
    }

    /** Parses and extracts; a failure of the parser itself is an {@link UnparsableFileException}. */
    public FileFacts parse(SourceFile file) throws UnparsableFileException {
        String text = file.text();
        IASTTranslationUnit unit = translationUnit(file.path(), text, ILanguage.OPTION_NO_IMAGE_LOCATIONS);
        return new FactExtractor(file, text, unit).extract().withConfigBlocks(ConfigBlocks.of(text, config));
    }

    /**
     * Parses again for the value tracer: every function's stores and calls, and the file-scope initializers (see
     * {@link dev.kreach.analyzer.facts.FunctionBody}). Same parser settings as {@link #parse}, so call sites match.
     */
    public FileBodies bodies(SourceFile file) throws UnparsableFileException {
        return bodies(file, path -> null);
    }

    /**
     * As {@link #bodies(SourceFile)}, with the headers {@code headers} gives (path to text, null for none) read
     * for the constants they define: a header macro such as {@code TRANS_JOIN} then has its value.
     */
    public FileBodies bodies(SourceFile file, java.util.function.Function<String, char[]> headers)
            throws UnparsableFileException {
        String text = file.text();
        IASTTranslationUnit unit = translationUnit(file.path(), text, ILanguage.OPTION_NO_IMAGE_LOCATIONS,
                new PreludeProvider(KernelPrelude.text(), headers));
        return new BodyExtractor(file.path(), text, unit).extract();
    }

    /**
     * Parses a header only for its declarations (struct layouts, return types): function bodies are skipped, which
     * makes include/ headers full of inline functions cheap to read.
     */
    public FileFacts parseDeclarations(SourceFile file) throws UnparsableFileException {
        String text = file.text();
        IASTTranslationUnit unit = translationUnit(file.path(), text,
                ILanguage.OPTION_NO_IMAGE_LOCATIONS | ILanguage.OPTION_SKIP_FUNCTION_BODIES);
        return new FactExtractor(file, text, unit).extract();
    }

    IASTTranslationUnit translationUnit(String path, String text, int options) throws UnparsableFileException {
        return translationUnit(path, text, options, new PreludeProvider(KernelPrelude.text()));
    }

    private IASTTranslationUnit translationUnit(String path, String text, int options, PreludeProvider provider)
            throws UnparsableFileException {
        IScannerInfo info = new ExtendedScannerInfo(config.symbolsFor(text), new String[0],
                new String[] {PreludeProvider.PRELUDE_PATH}, new String[0]);
        FileContent content = FileContent.create(path, text.toCharArray());
        try {
            // No OPTION_SKIP_TRIVIAL_EXPRESSIONS_IN_AGGREGATE_INITIALIZERS: ops tables are aggregate initializers
            // of plain names, exactly what we must keep.
            return ParseWatch.shared().parse(path, budget, log -> GCCLanguage.getDefault().getASTTranslationUnit(
                    content, info, provider, null, options, log));
        } catch (CoreException | RuntimeException | StackOverflowError e) {
            throw new UnparsableFileException(path + ": parser failed: " + e, e);
        }
    }

    public KernelConfig config() {
        return config;
    }
}

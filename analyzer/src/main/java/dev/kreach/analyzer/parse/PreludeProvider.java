package dev.kreach.analyzer.parse;

import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

/**
 * Serves the kernel prelude to CDT as a macro file and nothing else: fast mode resolves no {@code #include}.
 * CDT's own providers need the Eclipse workspace (CCorePlugin), which is not running here.
 */
final class PreludeProvider extends InternalFileContentProvider {
    static final String PRELUDE_PATH = "/kreach/kernel-prelude.h";

    private final char[] prelude;

    PreludeProvider(char[] prelude) {
        this.prelude = prelude;
    }

    @Override
    public boolean getInclusionExists(String path) {
        return PRELUDE_PATH.equals(path);
    }

    @Override
    public InternalFileContent getContentForInclusion(String path, IMacroDictionary macroDictionary) {
        return PRELUDE_PATH.equals(path) ? (InternalFileContent) FileContent.create(path, prelude) : null;
    }

    @Override
    public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
        return getContentForInclusion(astPath, null);
    }
}

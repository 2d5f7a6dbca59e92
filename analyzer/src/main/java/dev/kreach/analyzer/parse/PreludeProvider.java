package dev.kreach.analyzer.parse;

import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

/**
 * Serves the kernel prelude to CDT as a macro file, and, when given {@code headers}, the headers those serve
 * (for the chain check: a file's own directory's {@code "x.h"}, for the constants it defines); fast mode itself
 * resolves no {@code #include}. CDT's own providers need the Eclipse workspace (CCorePlugin), not running here.
 */
final class PreludeProvider extends InternalFileContentProvider {
    static final String PRELUDE_PATH = "/kreach/kernel-prelude.h";

    private final char[] prelude;
    private final java.util.function.Function<String, char[]> headers;

    PreludeProvider(char[] prelude) {
        this(prelude, path -> null);
    }

    /** @param headers a header's text by path, or null when it is not to be read */
    PreludeProvider(char[] prelude, java.util.function.Function<String, char[]> headers) {
        this.prelude = prelude;
        this.headers = headers;
    }

    @Override
    public boolean getInclusionExists(String path) {
        return PRELUDE_PATH.equals(path) || headers.apply(path) != null;
    }

    @Override
    public InternalFileContent getContentForInclusion(String path, IMacroDictionary macroDictionary) {
        if (PRELUDE_PATH.equals(path)) {
            return (InternalFileContent) FileContent.create(path, prelude);
        }
        char[] header = headers.apply(path);
        return header == null ? null : (InternalFileContent) FileContent.create(path, header);
    }

    @Override
    public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
        return getContentForInclusion(astPath, null);
    }
}

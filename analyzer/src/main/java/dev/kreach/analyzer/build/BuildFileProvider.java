package dev.kreach.analyzer.build;

import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

/**
 * Resolves {@code #include} against the file system, as the compiler did, with texts shared across translation
 * units. One instance per translation unit: the base class remembers which headers are guarded against a second
 * inclusion, and that memory belongs to one unit.
 */
final class BuildFileProvider extends InternalFileContentProvider {
    private final HeaderFiles headers;

    BuildFileProvider(HeaderFiles headers) {
        this.headers = headers;
    }

    @Override
    public boolean getInclusionExists(String path) {
        return headers.exists(path);
    }

    @Override
    public InternalFileContent getContentForInclusion(String path, IMacroDictionary macroDictionary) {
        if (!headers.exists(path)) {
            return null;
        }
        return headers.text(path).map(text -> (InternalFileContent) FileContent.create(path, text)).orElse(null);
    }

    @Override
    public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
        return getContentForInclusion(astPath, null);
    }
}

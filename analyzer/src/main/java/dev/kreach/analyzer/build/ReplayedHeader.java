package dev.kreach.analyzer.build;

import org.eclipse.cdt.core.dom.ast.cpp.ICPPUsingDirective;
import org.eclipse.cdt.core.index.IIndexFile;
import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.index.IIndexInclude;
import org.eclipse.cdt.core.index.IIndexMacro;
import org.eclipse.cdt.core.index.IIndexName;
import org.eclipse.cdt.core.parser.ISignificantMacros;

/**
 * Stands for a reused header where CDT expects the index's record of it. The preprocessor asks it one thing: which
 * macros the header's content depended on, so that a file including it (and being recorded itself) inherits them.
 */
final class ReplayedHeader implements IIndexFile {
    private final String path;
    private final ISignificantMacros significant;

    ReplayedHeader(String path, ISignificantMacros significant) {
        this.path = path;
        this.significant = significant;
    }

    @Override
    public ISignificantMacros getSignificantMacros() {
        return significant;
    }

    @Override
    public boolean hasPragmaOnceSemantics() {
        return false;
    }

    @Override
    public String toDebugString() {
        return path;
    }

    // Nothing below is read on the preprocessor's path for an index hit without an index.

    @Override
    public IIndexFileLocation getLocation() {
        return null;
    }

    @Override
    public IIndexInclude[] getIncludes() {
        return new IIndexInclude[0];
    }

    @Override
    public IIndexMacro[] getMacros() {
        return IIndexMacro.EMPTY_INDEX_MACRO_ARRAY;
    }

    @Override
    public ICPPUsingDirective[] getUsingDirectives() {
        return new ICPPUsingDirective[0];
    }

    @Override
    public long getTimestamp() {
        return 0;
    }

    @Override
    public long getSourceReadTime() {
        return 0;
    }

    @Override
    public long getContentsHash() {
        return 0;
    }

    @Override
    public int getScannerConfigurationHashcode() {
        return 0;
    }

    @Override
    public int getEncodingHashcode() {
        return 0;
    }

    @Override
    public IIndexName[] findNames(int offset, int length) {
        return new IIndexName[0];
    }

    @Override
    public IIndexInclude getParsedInContext() {
        return null;
    }

    @Override
    public int getLinkageID() {
        return 0;
    }

    @Override
    public String getReplacementHeader() {
        return null;
    }
}

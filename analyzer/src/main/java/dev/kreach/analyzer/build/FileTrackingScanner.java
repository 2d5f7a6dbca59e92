package dev.kreach.analyzer.build;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.cdt.core.dom.ast.IMacroBinding;
import org.eclipse.cdt.core.parser.EndOfFileException;
import org.eclipse.cdt.core.parser.IScanner;
import org.eclipse.cdt.core.parser.IToken;
import org.eclipse.cdt.core.parser.IncludeExportPatterns;
import org.eclipse.cdt.core.parser.OffsetLimitReachedException;
import org.eclipse.cdt.internal.core.parser.scanner.ILocationResolver;
import org.eclipse.cdt.internal.core.parser.scanner.LocationMap;

/**
 * The preprocessor as the parser sees it, remembering which file each token came from. Asking the location map
 * afterwards does not work while the parse runs: a header still being read has no extent yet, so its tokens are
 * attributed to the file that includes it. Here the file is noted as each token is handed over, when the
 * preprocessor's current file is the token's own.
 */
final class FileTrackingScanner implements IScanner {
    private final IScanner scanner;
    private final Predicate<String> analysed;
    private final BuildFileProvider files;
    private int[] starts = new int[256];
    private boolean[] kept = new boolean[256];
    private int count;
    private String lastFile;
    private boolean lastKept;

    FileTrackingScanner(IScanner scanner, Predicate<String> analysed, BuildFileProvider files) {
        this.scanner = scanner;
        this.analysed = analysed;
        this.files = files;
    }

    /** Whether {@code token} (one this scanner handed over) comes from a file whose declarations are parsed. */
    boolean fromAnalysedFile(IToken token) {
        int i = Arrays.binarySearch(starts, 0, count, token.getOffset());
        int run = i >= 0 ? i : -i - 2;
        return run < 0 || kept[run];
    }

    @Override
    public IToken nextToken() throws EndOfFileException {
        IToken token = scanner.nextToken();
        String file = ((LocationMap) scanner.getLocationResolver()).getCurrentFilePath();
        if (!java.util.Objects.equals(file, lastFile)) {
            lastFile = file;
            // A token of no file (none is expected) is kept: parsing too much costs time, skipping loses facts.
            lastKept = file == null || analysed.test(file);
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                kept = Arrays.copyOf(kept, count * 2);
            }
            starts[count] = token.getOffset();
            kept[count++] = lastKept;
        }
        if (!lastKept) {
            files.tokenFromSkippedHeader();
        }
        return token;
    }

    @Override
    public Map<String, IMacroBinding> getMacroDefinitions() {
        return scanner.getMacroDefinitions();
    }

    @Override
    public boolean isOnTopContext() {
        return scanner.isOnTopContext();
    }

    @Override
    public void cancel() {
        scanner.cancel();
    }

    @Override
    public ILocationResolver getLocationResolver() {
        return scanner.getLocationResolver();
    }

    @Override
    public void setContentAssistMode(int offset) {
        scanner.setContentAssistMode(offset);
    }

    @Override
    public void setSplitShiftROperator(boolean val) {
        scanner.setSplitShiftROperator(val);
    }

    @Override
    public void setComputeImageLocations(boolean val) {
        scanner.setComputeImageLocations(val);
    }

    @Override
    public void setTrackIncludeExport(IncludeExportPatterns patterns) {
        scanner.setTrackIncludeExport(patterns);
    }

    @Override
    public void setProcessInactiveCode(boolean val) {
        scanner.setProcessInactiveCode(val);
    }

    @Override
    public void skipInactiveCode() throws OffsetLimitReachedException {
        scanner.skipInactiveCode();
    }

    @Override
    public int getCodeBranchNesting() {
        return scanner.getCodeBranchNesting();
    }

    @Override
    public char[] getAdditionalNumericLiteralSuffixes() {
        return scanner.getAdditionalNumericLiteralSuffixes();
    }

    @Override
    public String toString() {
        return scanner.toString();
    }
}

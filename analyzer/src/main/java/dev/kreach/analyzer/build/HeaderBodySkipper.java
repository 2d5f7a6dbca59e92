package dev.kreach.analyzer.build;

import java.util.function.Predicate;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.dom.parser.ISourceCodeParser;
import org.eclipse.cdt.core.index.IIndex;
import org.eclipse.cdt.core.parser.EndOfFileException;
import org.eclipse.cdt.core.parser.IParserLogService;
import org.eclipse.cdt.core.parser.IParserSettings;
import org.eclipse.cdt.core.parser.IScanner;
import org.eclipse.cdt.core.parser.IToken;
import org.eclipse.cdt.core.parser.ParserMode;
import org.eclipse.cdt.internal.core.dom.parser.BacktrackException;
import org.eclipse.cdt.internal.core.dom.parser.c.GNUCSourceParser;

/**
 * GCC C with one change: the body of a function defined in a header kreach does not analyse is skipped as a
 * balanced run of braces, not parsed. A kernel translation unit defines thousands of static inline functions in
 * include/ that no rule looks into, and building their statement trees costs most of the parse; their declarations,
 * the macros and the types they define are still there for the rest of the unit.
 */
final class HeaderBodySkipper extends GCCLanguage {
    private final Predicate<String> keepBodiesOf;

    /** @param keepBodiesOf which files (paths as the preprocessor saw them) keep their function bodies */
    HeaderBodySkipper(Predicate<String> keepBodiesOf) {
        this.keepBodiesOf = keepBodiesOf;
    }

    @Override
    protected ISourceCodeParser createParser(IScanner scanner, ParserMode mode, IParserLogService log, IIndex index,
            int options, IParserSettings settings) {
        return new Parser(scanner, mode, log, index, keepBodiesOf);
    }

    private static final class Parser extends GNUCSourceParser {
        private final Predicate<String> keepBodiesOf;
        private final IScanner source;
        private String lastFile;
        private boolean lastKept;

        Parser(IScanner scanner, ParserMode mode, IParserLogService log, IIndex index, Predicate<String> keep) {
            super(scanner, mode, log, C_GNU_PARSER_EXTENSION, index);
            this.keepBodiesOf = keep;
            this.source = scanner;
        }

        @Override
        protected IASTCompoundStatement functionBody() throws EndOfFileException, BacktrackException {
            int offset = LA(1).getOffset();
            String file = source.getLocationResolver().getContainingFilePath(offset);
            if (!file.equals(lastFile)) {
                lastFile = file;
                lastKept = keepBodiesOf.test(file);
            }
            if (lastKept) {
                return super.functionBody();
            }
            IToken last = skipOverCompoundStatement(true);
            IASTCompoundStatement body = getNodeFactory().newCompoundStatement();
            return setRange(body, offset, last.getEndOffset());
        }
    }
}

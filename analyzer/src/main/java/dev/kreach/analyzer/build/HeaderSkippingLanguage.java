package dev.kreach.analyzer.build;

import java.util.function.Predicate;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
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
import org.eclipse.cdt.internal.core.dom.parser.DeclarationOptions;
import org.eclipse.cdt.internal.core.dom.parser.c.GNUCSourceParser;

/**
 * GCC C with one change: what a header kreach does not analyse declares is skipped as a balanced run of tokens, not
 * parsed. A kernel translation unit is some 600,000 tokens, nearly all from include/; the preprocessor still reads
 * every header (their macros and #if are the build's exact answer), but no rule looks into their declarations or
 * static inline bodies, and building trees for them (then resolving their ambiguities and scopes) would cost more
 * than the rest of the parse. The unit's own file and the headers under the scope are parsed in full. Fast mode
 * parses the same files without any header, so a file's facts need no declaration from include/: struct layouts
 * come from the type-header reader, as in fast mode.
 */
final class HeaderSkippingLanguage extends GCCLanguage {
    private final Predicate<String> analysed;

    /** @param analysed which files (paths as the preprocessor saw them) are parsed; the others are skipped */
    HeaderSkippingLanguage(Predicate<String> analysed) {
        this.analysed = analysed;
    }

    @Override
    protected ISourceCodeParser createParser(IScanner scanner, ParserMode mode, IParserLogService log, IIndex index,
            int options, IParserSettings settings) {
        return new Parser(scanner, mode, log, index, analysed);
    }

    private static final class Parser extends GNUCSourceParser {
        private final Predicate<String> analysed;
        private final IScanner source;
        private String lastFile;
        private boolean lastKept;

        Parser(IScanner scanner, ParserMode mode, IParserLogService log, IIndex index, Predicate<String> keep) {
            super(scanner, mode, log, C_GNU_PARSER_EXTENSION, index);
            this.analysed = keep;
            this.source = scanner;
        }

        private boolean kept(IToken token) {
            String file = source.getLocationResolver().getContainingFilePath(token.getOffset());
            if (!file.equals(lastFile)) {
                lastFile = file;
                lastKept = analysed.test(file);
            }
            return lastKept;
        }

        @Override
        protected IASTDeclaration declaration(DeclarationOptions option) throws EndOfFileException,
                BacktrackException {
            IToken first = LA(1);
            if (kept(first)) {
                return super.declaration(option);
            }
            // To the ';' that ends the declaration, or the '}' that closes its body or initializer; a trailing
            // "var;" or ";" after a '}' is then a declaration of its own, skipped the same way.
            int depth = 0;
            IToken last;
            while (true) {
                last = consume();
                int type = last.getType();
                if (type == IToken.tLBRACE || type == IToken.tLPAREN || type == IToken.tLBRACKET) {
                    depth++;
                } else if (type == IToken.tRPAREN || type == IToken.tRBRACKET) {
                    depth--;
                } else if (type == IToken.tRBRACE) {
                    if (--depth <= 0) {
                        break;
                    }
                } else if (type == IToken.tSEMI && depth <= 0) {
                    break;
                }
            }
            IASTSimpleDeclaration skipped = getNodeFactory().newSimpleDeclaration(
                    getNodeFactory().newSimpleDeclSpecifier());
            return setRange(skipped, first.getOffset(), last.getEndOffset());
        }
    }
}

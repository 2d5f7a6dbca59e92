package dev.kreach.analyzer.build;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IBasicType;
import org.eclipse.cdt.core.dom.ast.IScope;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.core.dom.ast.gnu.c.GCCLanguage;
import org.eclipse.cdt.core.dom.parser.ISourceCodeParser;
import org.eclipse.cdt.core.index.IIndex;
import org.eclipse.cdt.core.parser.EndOfFileException;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.IParserLogService;
import org.eclipse.cdt.core.parser.IParserSettings;
import org.eclipse.cdt.core.parser.IScanner;
import org.eclipse.cdt.core.parser.IScannerInfo;
import org.eclipse.cdt.core.parser.IToken;
import org.eclipse.cdt.core.parser.IncludeFileContentProvider;
import org.eclipse.cdt.core.parser.ParserMode;
import org.eclipse.cdt.internal.core.dom.parser.ASTInternal;
import org.eclipse.cdt.internal.core.dom.parser.BacktrackException;
import org.eclipse.cdt.internal.core.dom.parser.DeclarationOptions;
import org.eclipse.cdt.internal.core.dom.parser.c.CBasicType;
import org.eclipse.cdt.internal.core.dom.parser.c.CImplicitTypedef;
import org.eclipse.cdt.internal.core.dom.parser.c.GNUCSourceParser;

/**
 * GCC C with one change: what a header kreach does not analyse declares is skipped as a balanced run of tokens, not
 * parsed. A kernel translation unit is some 600,000 tokens, nearly all from include/; no rule looks into those
 * headers' declarations or static inline bodies, and building trees for them (then resolving their ambiguities and
 * scopes) would cost more than the rest of the parse. The unit's own file and the headers under the scope are parsed
 * in full. Fast mode parses the same files without any header, so a file's facts need no declaration from include/:
 * struct layouts come from the type-header reader, as in fast mode.
 *
 * <p>One thing the skipped headers do decide is which names are types: {@code (gfp_t)(x)} is a cast, not a call to
 * {@code gfp_t}. The names a skipped {@code typedef} declares are therefore kept ({@link TypedefNames}) and given to
 * the unit's scope as types before its ambiguities are resolved. A header replayed from a recorded version
 * ({@link HeaderVersions}) brings the names it declared with it, so the unit reads the same either way.
 */
final class HeaderSkippingLanguage extends GCCLanguage {
    private static final IType NAMED_TYPE = new CBasicType(IBasicType.Kind.eInt, 0);
    private final Predicate<String> analysed;
    private final BuildFileProvider files;

    /**
     * @param analysed which files (paths as the preprocessor saw them) are parsed; the others are skipped
     * @param files the unit's file provider, which learns the skipped type names and serves them back
     */
    HeaderSkippingLanguage(Predicate<String> analysed, BuildFileProvider files) {
        this.analysed = analysed;
        this.files = files;
    }

    @Override
    protected IScanner createScanner(FileContent content, IScannerInfo info, IncludeFileContentProvider provider,
            IParserLogService log) {
        IScanner scanner = super.createScanner(content, info, provider, log);
        PreprocessorAccess.of(scanner).ifPresent(files::attach);
        return new FileTrackingScanner(scanner, analysed, files);
    }

    @Override
    protected ISourceCodeParser createParser(IScanner scanner, ParserMode mode, IParserLogService log, IIndex index,
            int options, IParserSettings settings) {
        return new Parser((FileTrackingScanner) scanner, mode, log, index, files);
    }

    private static final class Parser extends GNUCSourceParser {
        private final FileTrackingScanner source;
        private final BuildFileProvider files;
        /** How many declarations of analysed files are being parsed (they nest: parameters, struct members). */
        private int analysedDepth;

        Parser(FileTrackingScanner scanner, ParserMode mode, IParserLogService log, IIndex index,
                BuildFileProvider files) {
            super(scanner, mode, log, C_GNU_PARSER_EXTENSION, index);
            this.source = scanner;
            this.files = files;
        }

        @Override
        protected IASTDeclaration declaration(DeclarationOptions option) throws EndOfFileException,
                BacktrackException {
            IToken first = LA(1);
            // Inside an analysed declaration (a header included mid-declaration, x-macro style), everything counts.
            if (analysedDepth > 0 || source.fromAnalysedFile(first)) {
                analysedDepth++;
                files.analysedDeclaration(true);
                try {
                    return super.declaration(option);
                } finally {
                    files.analysedDeclaration(--analysedDepth > 0);
                }
            }
            // To the ';' that ends the declaration, or the '}' that closes a function body or initializer (a
            // trailing "var;" or ";" is then a declaration of its own, skipped the same way); a typedef's braces
            // (typedef struct { ... } name;) do not end it.
            List<IToken> tokens = new ArrayList<>();
            int depth = 0;
            IToken last;
            while (true) {
                last = consume();
                tokens.add(last);
                int type = last.getType();
                depth += TypedefNames.nesting(type);
                if (depth <= 0 && (type == IToken.tSEMI
                        || type == IToken.tRBRACE && !TypedefNames.isTypedef(tokens))) {
                    break;
                }
            }
            if (TypedefNames.isTypedef(tokens)) {
                files.typedefsDeclared(TypedefNames.of(tokens));
            }
            IASTSimpleDeclaration skipped = getNodeFactory().newSimpleDeclaration(
                    getNodeFactory().newSimpleDeclSpecifier());
            return setRange(skipped, first.getOffset(), last.getEndOffset());
        }

        @Override
        protected void resolveAmbiguities() {
            IScope scope = getTranslationUnit().getScope();
            for (String name : files.typedefNames()) {
                ASTInternal.addBinding(scope, new CImplicitTypedef(NAMED_TYPE, name.toCharArray(), scope));
            }
            super.resolveAmbiguities();
        }
    }
}

package dev.kreach.analyzer.build;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.cdt.core.parser.IToken;

/**
 * The names a skipped typedef declaration introduces, read from its tokens: {@code typedef struct x X, *PX;} gives X
 * and PX, {@code typedef void (*fn_t)(int);} gives fn_t. The parser only needs to know these are type names (to read
 * {@code (gfp_t)(x)} as a cast, not a call), so the rest of the declaration is not parsed.
 */
final class TypedefNames {
    private TypedefNames() {
    }

    /** Whether the declaration's tokens (up to its ';') declare types: a {@code typedef} outside any bracket. */
    static boolean isTypedef(List<IToken> declaration) {
        int depth = 0;
        for (IToken t : declaration) {
            if (t.getType() == IToken.t_typedef && depth == 0) {
                return true;
            }
            depth += nesting(t.getType());
        }
        return false;
    }

    /** The declared names, one per declarator, in order. */
    static List<String> of(List<IToken> declaration) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= declaration.size(); i++) {
            int type = i < declaration.size() ? declaration.get(i).getType() : IToken.tSEMI;
            if (depth == 0 && (type == IToken.tCOMMA || type == IToken.tSEMI)) {
                String name = declaratorName(declaration.subList(start, i));
                if (name != null) {
                    names.add(name);
                }
                start = i + 1;
                if (type == IToken.tSEMI) {
                    break;
                }
                continue;
            }
            depth += nesting(type);
        }
        return names;
    }

    /** +1 for an opening bracket of any kind, -1 for a closing one, else 0. */
    static int nesting(int tokenType) {
        return switch (tokenType) {
            case IToken.tLPAREN, IToken.tLBRACKET, IToken.tLBRACE -> 1;
            case IToken.tRPAREN, IToken.tRBRACKET, IToken.tRBRACE -> -1;
            default -> 0;
        };
    }

    /**
     * A declarator's name: inside {@code (*name)} when the declarator is a pointer to function or array, else the
     * last identifier outside brackets (attributes and array sizes are inside brackets).
     */
    private static String declaratorName(List<IToken> tokens) {
        int depth = 0;
        String last = null;
        for (int i = 0; i < tokens.size(); i++) {
            IToken t = tokens.get(i);
            int type = t.getType();
            if (type == IToken.tLPAREN && depth == 0 && i + 1 < tokens.size()
                    && tokens.get(i + 1).getType() == IToken.tSTAR) {
                for (int j = i + 1; j < tokens.size(); j++) {
                    int inner = tokens.get(j).getType();
                    if (inner == IToken.tIDENTIFIER) {
                        return tokens.get(j).getImage();
                    }
                    if (inner == IToken.tRPAREN || inner == IToken.tLPAREN) {
                        break;
                    }
                }
            }
            if (type == IToken.tIDENTIFIER && depth == 0) {
                last = t.getImage();
            }
            depth += nesting(type);
        }
        return last;
    }
}

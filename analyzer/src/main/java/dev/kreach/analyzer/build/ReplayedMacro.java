package dev.kreach.analyzer.build;

import org.eclipse.cdt.core.dom.ILinkage;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IScope;
import org.eclipse.cdt.core.index.IIndexBinding;
import org.eclipse.cdt.core.index.IIndexFile;
import org.eclipse.cdt.core.index.IIndexMacro;
import org.eclipse.cdt.core.index.IIndexName;
import org.eclipse.cdt.internal.core.parser.scanner.PreprocessorMacro;

/**
 * One macro a reused header leaves behind: its definition as the header's last {@code #define} of it made it, or
 * "undefined" for a name it {@code #undef}s. CDT replays these through the path it uses for headers found in its
 * index (no lexing of the header), which takes macros as {@link IIndexMacro}; nothing but name, parameters and
 * replacement text is read from them.
 */
final class ReplayedMacro implements IIndexMacro {
    private final char[] name;
    /** The definition as the recording unit's preprocessor made it (immutable once made), or null: undefined. */
    private final PreprocessorMacro definition;

    private ReplayedMacro(char[] name, PreprocessorMacro definition) {
        this.name = name;
        this.definition = definition;
    }

    /** The state of {@code name} that {@code definition} (null when undefined) gives it. */
    static ReplayedMacro of(char[] name, PreprocessorMacro definition) {
        return new ReplayedMacro(name, definition);
    }

    @Override
    public char[] getNameCharArray() {
        return name;
    }

    @Override
    public String getName() {
        return new String(name);
    }

    @Override
    public char[][] getParameterList() {
        return isFunctionStyle() ? definition.getParameterList() : null;
    }

    @Override
    public char[][] getParameterPlaceholderList() {
        return isFunctionStyle() ? definition.getParameterPlaceholderList() : null;
    }

    /** The replacement list as written, or null: CDT's index path reads null as {@code #undef}. */
    @Override
    public char[] getExpansionImage() {
        return definition == null ? null : definition.getExpansionImage();
    }

    @Override
    public char[] getExpansion() {
        return definition == null ? null : definition.getExpansion();
    }

    @Override
    public boolean isFunctionStyle() {
        return definition != null && definition.isFunctionStyle();
    }

    @Override
    public boolean isDynamic() {
        return false;
    }

    // Where the macro was defined is not kept: reports never point into a reused header.

    @Override
    public IASTFileLocation getFileLocation() {
        return null;
    }

    @Override
    public IIndexFile getFile() {
        return null;
    }

    @Override
    public IIndexName getDefinition() {
        return null;
    }

    @Override
    public String[] getQualifiedName() {
        return new String[] {getName()};
    }

    @Override
    public boolean isFileLocal() {
        return false;
    }

    @Override
    public IIndexFile getLocalToFile() {
        return null;
    }

    @Override
    public IIndexBinding getOwner() {
        return null;
    }

    @Override
    public ILinkage getLinkage() {
        return null;
    }

    @Override
    public IScope getScope() {
        return null;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public String toString() {
        return definition == null ? "#undef " + getName()
                : "#define " + getName() + " " + new String(definition.getExpansionImage());
    }
}

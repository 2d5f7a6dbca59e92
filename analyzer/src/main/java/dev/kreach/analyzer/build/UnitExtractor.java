package dev.kreach.analyzer.build;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.parse.FactExtractor;
import dev.kreach.analyzer.parse.UnparsableFileException;
import dev.kreach.analyzer.source.Scope;
import dev.kreach.analyzer.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorIncludeStatement;

/**
 * One translation unit to facts: its C file's, and those of every header under the scope it includes (their static
 * inline functions are analysed like the C files'). Headers outside the scope give types and macros only.
 */
public final class UnitExtractor {
    private final BuildParser parser;
    private final Path realRoot;
    /** Files the preprocessor reported, to their path in the tree when under the scope (shared by all units). */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<String>> inScope =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Scope scope;
    private final dev.kreach.analyzer.kbuild.Configuration config;

    /** @param config the build's configuration, for the CONFIG_ literals of the unit's #if branches; null if unknown */
    public UnitExtractor(BuildParser parser, Path root, Scope scope, dev.kreach.analyzer.kbuild.Configuration config) {
        this.parser = parser;
        this.realRoot = BuildPlan.real(root);
        this.scope = scope;
        this.config = config;
    }

    /** The C file's facts and, by path in the tree, those of the scope headers it includes. */
    public record UnitFacts(FileFacts source, Map<String, FileFacts> scopeHeaders) {
    }

    public UnitFacts extract(BuildPlan.Unit unit) throws UnparsableFileException {
        CompilerFlags flags;
        try {
            flags = CompilerFlags.parse(unit.command());
        } catch (IllegalArgumentException e) {
            throw new UnparsableFileException(e.getMessage(), e);
        }
        String main = flags.source().toString();
        java.util.function.Predicate<String> analysed = file -> file.equals(main) || inScope(file) != null;
        BuildParser.Unit parsed = parser.parse(flags, analysed);
        SourceFile source = new SourceFile(unit.path(), parsed.mainBytes());
        Map<String, List<IASTDeclaration>> byFile = FactExtractor.declarationsByFile(parsed.ast(), analysed);
        FileFacts facts = FactExtractor.extractFile(source, parsed.mainText(), parsed.ast(), main,
                byFile.getOrDefault(main, List.of())).withConfigBlocks(blocks(parsed.mainText()));
        Map<String, FileFacts> headers = new TreeMap<>();
        for (IASTPreprocessorIncludeStatement include : parsed.ast().getIncludeDirectives()) {
            String header = include.getPath();
            String path = include.isResolved() ? inScope(header) : null;
            if (path == null || headers.containsKey(path)) {
                continue;
            }
            try {
                byte[] bytes = dev.kreach.analyzer.source.SourceBytes.read(Path.of(header));
                // Positions against the text the preprocessor read (CdtCompat may have renamed a #define in it).
                String seen = parser.headerText(header).orElseThrow(() -> new IOException("not read"));
                headers.put(path, FactExtractor.extractFile(new SourceFile(path, bytes), seen, parsed.ast(), header,
                        byFile.getOrDefault(header, List.of())).withConfigBlocks(blocks(seen)));
            } catch (IOException e) {
                throw new UnparsableFileException(header + ": unreadable: " + e.getMessage(), e);
            }
        }
        return new UnitFacts(facts, headers);
    }

    private List<dev.kreach.analyzer.facts.ConfigBlock> blocks(String text) {
        return config == null ? List.of() : dev.kreach.analyzer.parse.ConfigBlocks.of(text, config);
    }

    /**
     * The path in the tree of a file the preprocessor read, when it is under the scope; else null. Real paths on
     * both sides, as in {@link BuildPlan}: the build's -I may go through a symlink to the tree, or TREE may be one.
     */
    private String inScope(String file) {
        return inScope.computeIfAbsent(file, f -> {
            Path p = BuildPlan.real(Path.of(f));
            if (!p.startsWith(realRoot)) {
                return java.util.Optional.empty();
            }
            String path = realRoot.relativize(p).toString().replace('\\', '/');
            return scope.contains(path) ? java.util.Optional.of(path) : java.util.Optional.empty();
        }).orElse(null);
    }
}

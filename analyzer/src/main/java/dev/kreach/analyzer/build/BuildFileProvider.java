package dev.kreach.analyzer.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.cdt.core.dom.ast.IFileNomination;
import org.eclipse.cdt.core.index.IIndexFile;
import org.eclipse.cdt.core.index.IIndexFileLocation;
import org.eclipse.cdt.core.parser.FileContent;
import org.eclipse.cdt.core.parser.ISignificantMacros;
import org.eclipse.cdt.internal.core.parser.IMacroDictionary;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContent;
import org.eclipse.cdt.internal.core.parser.scanner.InternalFileContentProvider;

/**
 * Resolves {@code #include} against the file system, as the compiler did, with texts shared across translation
 * units, and reuses what a header did to the macro state wherever {@link HeaderVersions} knows it. One instance per
 * translation unit: the headers being read form a stack, the type names and {@code #pragma once} files (remembered by
 * the base class) belong to one unit.
 *
 * <p>A header read in full is recorded when it ends, unless it is analysed (its declarations are parsed, so its tokens
 * are needed) or contains one that is, or holds a {@code #pragma once} (that memory lives outside the macros).
 */
final class BuildFileProvider extends InternalFileContentProvider {
    private final HeaderFiles headers;
    private final HeaderVersions versions;
    private final SearchPath searchPath;
    private final Predicate<String> analysed;
    private final Deque<Reading> open = new ArrayDeque<>();
    private PreprocessorAccess preprocessor;
    /** Set when CDT's reports stop matching the headers opened: recording stops for this unit, replay goes on. */
    private boolean lost;
    /** Whether the parser is inside a declaration of an analysed file, whose tokens must all reach it. */
    private boolean inAnalysedDeclaration;
    /** The type names the skipped headers of this unit declared, read or replayed. */
    private final java.util.Set<String> typeNames = new java.util.TreeSet<>();

    /**
     * A header being read in full: where {@code __COUNTER__} stood and how many problems the preprocessor had
     * reported, whether it may be recorded, and how much of the search path its lookups depended on.
     */
    private static final class Reading {
        final String path;
        final long counter;
        final int problems;
        boolean recordable;
        SearchPath.Reach reach = SearchPath.Reach.NONE;
        boolean wholePath;
        boolean pragmaOnce;
        final SignificantMacroSet tests = new SignificantMacroSet();
        final java.util.Set<String> typeNames = new java.util.TreeSet<>();

        Reading(String path, long counter, int problems, boolean recordable) {
            this.path = path;
            this.counter = counter;
            this.problems = problems;
            this.recordable = recordable;
        }

        /** Takes in what a header it includes depended on: the lookup that found it, and that header's own. */
        void dependsOn(SearchPath.Reach lookups, boolean wholeSearchPath) {
            reach = reach.max(lookups);
            wholePath |= wholeSearchPath;
        }
    }

    BuildFileProvider(HeaderFiles headers, HeaderVersions versions, SearchPath searchPath,
            Predicate<String> analysed) {
        this.headers = headers;
        this.versions = versions;
        this.searchPath = searchPath;
        this.analysed = analysed;
    }

    /** Called once the unit's preprocessor exists, before it reads any file. */
    void attach(PreprocessorAccess preprocessor) {
        this.preprocessor = preprocessor;
    }

    /** The macro state the unit ended in, for comparing a unit read with and without reuse. */
    java.util.Map<String, String> finalMacros() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        if (preprocessor == null) {
            return out;
        }
        preprocessor.macros().forEach((name, macro) -> out.put(name, (macro.isFunctionStyle()
                ? "(" + String.join(",", java.util.Arrays.stream(macro.getParameterList()).map(String::new).toList())
                        + ") " : "") + new String(macro.getExpansionImage())));
        out.put("__COUNTER__", Long.toString(preprocessor.counter()));
        return out;
    }

    @Override
    public boolean shouldIndexAllHeaderVersions(String header) {
        // Makes CDT compute every header's significant macros; its include-guard shortcut would skip that for
        // guarded headers. A guarded header's second inclusion is then a recorded version of its own (the guard
        // defined, no effect).
        return reusing();
    }

    private boolean reusing() {
        return versions.enabled() && preprocessor != null;
    }

    @Override
    public boolean getInclusionExists(String path) {
        // Asked by __has_include (and for includes in inactive code): the answer can differ on any other search path.
        if (open.peek() != null) {
            open.peek().wholePath = true;
        }
        return headers.exists(path);
    }

    @Override
    public InternalFileContent getContentForInclusion(String path, IMacroDictionary state) {
        if (!headers.exists(path)) {
            return null;
        }
        // A header whose tokens the parser uses (analysed, or included inside an analysed declaration) is read.
        boolean parsed = analysed.test(path) || inAnalysedDeclaration;
        if (reusing() && !parsed && state != null) {
            HeaderVersions.Version known = versions.find(searchPath, path, preprocessor);
            if (known != null) {
                preprocessor.advanceCounter(known.counterAdvance());
                typeNames.addAll(known.typeNames());
                Reading includer = open.peek();
                if (includer != null) {
                    includer.typeNames.addAll(known.typeNames());
                    includer.dependsOn(searchPath.reach(path).max(known.reach()), known.wholePath());
                }
                List<IIndexFile> nomination = List.of(new ReplayedHeader(path, known.significant()));
                return new InternalFileContent(path, new ArrayList<>(known.effect()), List.of(), nomination,
                        List.of());
            }
        }
        InternalFileContent content = headers.text(path)
                .map(text -> (InternalFileContent) FileContent.create(path, text)).orElse(null);
        if (content != null && reusing() && !lost) {
            if (open.peek() != null) {
                open.peek().dependsOn(searchPath.reach(path), false);
            }
            open.push(new Reading(path, preprocessor.counter(), preprocessor.problemCount(), !parsed));
        }
        return content;
    }

    @Override
    public InternalFileContent getContentForInclusion(IIndexFileLocation ifl, String astPath) {
        return getContentForInclusion(astPath, null);
    }

    /** The parser entered (or left the last of) the declarations of analysed files. */
    void analysedDeclaration(boolean inside) {
        inAnalysedDeclaration = inside;
    }

    /**
     * The parser took a token of a header it skips. Inside an analysed declaration that token is part of the
     * analysed file's tree, so no header open now may be replayed elsewhere from what it did to the macros alone.
     */
    void tokenFromSkippedHeader() {
        if (inAnalysedDeclaration) {
            open.forEach(r -> r.recordable = false);
        }
    }

    /** Names a skipped typedef declared: types for the unit's parse, and part of the open header's version. */
    void typedefsDeclared(List<String> names) {
        typeNames.addAll(names);
        if (open.peek() != null) {
            open.peek().typeNames.addAll(names);
        }
    }

    /** The type names this unit's skipped headers declared, in name order. */
    java.util.Set<String> typedefNames() {
        return java.util.Collections.unmodifiableSet(typeNames);
    }

    @Override
    public void reportPragmaOnceSemantics(String file, IFileNomination nomination) {
        super.reportPragmaOnceSemantics(file, nomination);
        Reading top = open.peek();
        if (top != null && top.path.equals(file)) {
            // CDT does not report the end of such a file (below): it is closed with the file that included it.
            top.pragmaOnce = true;
            top.recordable = false;
        }
    }

    /** CDT calls this as a header read in full ends, with the macros its reading depended on. */
    @Override
    public void addLoadedVersions(String path, int reduceVersions, ISignificantMacros significant) {
        super.addLoadedVersions(path, reduceVersions, significant);
        if (!reusing() || lost) {
            return;
        }
        Reading reading = open.poll();
        while (reading != null && reading.pragmaOnce && !reading.path.equals(path)) {
            closed(reading);
            reading = open.poll();
        }
        if (reading == null || !reading.path.equals(path)) {
            // Not the header this provider opened last: stop recording in this unit rather than guess.
            open.clear();
            lost = true;
            return;
        }
        closed(reading);
        reading.tests.addAll(significant);
        if (preprocessor.problemCount() > reading.problems) {
            // An include that was not found (or any other problem) might have gone otherwise elsewhere.
            reading.wholePath = true;
        }
        Reading includer = open.peek();
        if (includer != null) {
            reading.tests.passTo(includer.tests, preprocessor.setByIncluder());
            includer.typeNames.addAll(reading.typeNames);
            includer.dependsOn(reading.reach, reading.wholePath);
        }
        if (reading.recordable) {
            record(path, reading.tests.toSignificantMacros(), reading);
        }
    }

    /** A header that could not be recorded makes every header around it unrecordable too. */
    private void closed(Reading reading) {
        Reading parent = open.peek();
        if (parent != null && !reading.recordable) {
            parent.recordable = false;
        }
    }

    private void record(String path, ISignificantMacros significant, Reading reading) {
        if (versions.knows(searchPath, path, significant)) {
            return;
        }
        List<char[]> modified = preprocessor.modifiedInCurrentFile();
        if (modified == null) {
            return;
        }
        List<ReplayedMacro> effect = new ArrayList<>(modified.size());
        for (char[] name : modified) {
            effect.add(ReplayedMacro.of(name, preprocessor.macro(name)));
        }
        versions.add(path, new HeaderVersions.Version(significant, MacroConditions.of(significant), effect,
                List.copyOf(reading.typeNames), preprocessor.counter() - reading.counter, searchPath, reading.reach,
                reading.wholePath));
    }
}

package dev.kreach.analyzer;

import dev.kreach.analyzer.facts.FileFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one directory lost to the parser: files skipped whole, functions with problem nodes inside (calls in them
 * may be missing) and problem nodes in all. A whole-tree scan has hundreds of thousands of functions, so the summary
 * says where the losses are, directory by directory, instead of leaving them to a list nobody reads.
 */
public record ParseGap(String directory, int skippedFiles, int damagedFunctions, int problemNodes) {

    /** The directories with any loss, sorted by path. */
    static List<ParseGap> of(List<FileFacts> analysed, List<SkippedFile> skipped) {
        Map<String, int[]> byDirectory = new TreeMap<>();
        for (SkippedFile file : skipped) {
            byDirectory.computeIfAbsent(directoryOf(file.path()), k -> new int[3])[0]++;
        }
        for (FileFacts file : analysed) {
            int damaged = (int) file.functions().stream().filter(f -> !f.clean()).count();
            if (damaged > 0 || !file.problems().isEmpty()) {
                int[] counts = byDirectory.computeIfAbsent(directoryOf(file.path()), k -> new int[3]);
                counts[1] += damaged;
                counts[2] += file.problems().size();
            }
        }
        List<ParseGap> gaps = new ArrayList<>();
        byDirectory.forEach((dir, c) -> gaps.add(new ParseGap(dir, c[0], c[1], c[2])));
        return gaps;
    }

    private static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : path.substring(0, slash);
    }

    /** {@code fs/afs: 18 functions with problem nodes, 26 problem nodes, 0 files skipped} */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s: %,d function%s with problem nodes, %,d problem node%s, "
                + "%,d file%s skipped", directory, damagedFunctions, damagedFunctions == 1 ? "" : "s", problemNodes,
                problemNodes == 1 ? "" : "s", skippedFiles, skippedFiles == 1 ? "" : "s");
    }
}

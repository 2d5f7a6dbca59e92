package dev.kreach.analyzer.patch;

import dev.kreach.analyzer.source.SourceTree;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.HistogramDiff;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * The line map between two trees, file by file as asked, from git's own histogram diff of the file's two texts: a
 * line outside every edit was there before, shifted by the edits above it. A file only one tree has, or that
 * cannot be read, maps no line.
 */
public final class TreeLineMap implements LineMap {
    private final SourceTree before;
    private final SourceTree after;
    private final Map<String, int[]> maps = new ConcurrentHashMap<>();

    public TreeLineMap(SourceTree before, SourceTree after) {
        this.before = before;
        this.after = after;
    }

    @Override
    public int oldLine(String file, int newLine) {
        int[] map = maps.computeIfAbsent(file, this::map);
        return newLine >= 1 && newLine <= map.length ? map[newLine - 1] : -1;
    }

    /** Per new line (index line - 1): its old line, or -1. */
    private int[] map(String file) {
        byte[] old;
        byte[] now;
        try {
            if (!before.exists(file) || !after.exists(file)) {
                return new int[0];
            }
            old = before.read(file).bytes();
            now = after.read(file).bytes();
        } catch (IOException e) {
            return new int[0];
        }
        RawText a = new RawText(old);
        RawText b = new RawText(now);
        int[] map = new int[b.size()];
        java.util.Arrays.fill(map, -1);
        EditList edits = new HistogramDiff().diff(RawTextComparator.DEFAULT, a, b);
        int oldAt = 0;
        int newAt = 0;
        for (Edit edit : edits) {
            while (newAt < edit.getBeginB()) {
                map[newAt++] = ++oldAt;
            }
            newAt = edit.getEndB();
            oldAt = edit.getEndA();
        }
        while (newAt < map.length) {
            map[newAt++] = ++oldAt;
        }
        return map;
    }
}

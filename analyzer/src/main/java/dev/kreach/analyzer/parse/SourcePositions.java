package dev.kreach.analyzer.parse;

import dev.kreach.analyzer.facts.Position;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTNode;

/** Line and column of AST nodes in one file's text, the same for every extractor so their facts meet. */
final class SourcePositions {
    private final String path;
    private final int[] lineStarts;

    SourcePositions(String path, String text) {
        this.path = path;
        this.lineStarts = lineStarts(text);
    }

    int lines() {
        return lineStarts.length;
    }

    Position of(IASTNode node) {
        IASTFileLocation location = node.getFileLocation();
        int offset = location.getNodeOffset();
        int line = location.getStartingLineNumber();
        int column = offset - lineStarts[Math.min(line, lineStarts.length) - 1] + 1;
        return new Position(path, line, column);
    }

    /** The last character of a node (inclusive), as SARIF's endColumn wants it exclusive: one past it. */
    Position end(IASTNode node) {
        IASTFileLocation location = node.getFileLocation();
        int line = location.getEndingLineNumber();
        int end = location.getNodeOffset() + location.getNodeLength();
        int column = end - lineStarts[Math.min(line, lineStarts.length) - 1] + 1;
        return new Position(path, line, column);
    }

    Position at(int offset) {
        int index = java.util.Arrays.binarySearch(lineStarts, offset);
        int line = index >= 0 ? index + 1 : -index - 1;
        return new Position(path, line, offset - lineStarts[line - 1] + 1);
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[64];
        int count = 1;
        for (int i = text.indexOf('\n'); i >= 0 && i + 1 < text.length(); i = text.indexOf('\n', i + 1)) {
            if (count == starts.length) {
                starts = java.util.Arrays.copyOf(starts, count * 2);
            }
            starts[count++] = i + 1;
        }
        return java.util.Arrays.copyOf(starts, count);
    }
}

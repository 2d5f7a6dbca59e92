package dev.kreach.analyzer.facts;

/** A place in a file: 1-based line and column, as compilers report them. */
public record Position(String file, int line, int column) implements Comparable<Position> {

    @Override
    public int compareTo(Position o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }

    /** {@code file:line}, as evidence cites a place. */
    public String place() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}

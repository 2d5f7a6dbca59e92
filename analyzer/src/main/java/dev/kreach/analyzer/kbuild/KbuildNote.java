package dev.kreach.analyzer.kbuild;

/** A Makefile construct kreach could not evaluate; the objects it governs are taken as enabled. */
public record KbuildNote(String file, int line, String message) implements Comparable<KbuildNote> {
    @Override
    public int compareTo(KbuildNote o) {
        int c = file.compareTo(o.file);
        return c != 0 ? c : Integer.compare(line, o.line);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}

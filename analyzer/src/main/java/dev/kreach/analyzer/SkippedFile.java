package dev.kreach.analyzer;

/** A file the scan could not use, and why: reported, never silently dropped. */
public record SkippedFile(String path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}

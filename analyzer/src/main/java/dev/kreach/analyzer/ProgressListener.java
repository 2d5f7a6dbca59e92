package dev.kreach.analyzer;

/** Told how far a scan has got; the command line draws it on a terminal. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (stage, done, total) -> { };

    void progress(String stage, int done, int total);
}

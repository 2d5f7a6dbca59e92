package dev.kreach.analyzer.parse;

import java.time.Duration;

/**
 * How much one file's parse may take before it is stopped and the file named as skipped: wall time, and bytes
 * allocated by the parsing thread. The allocation bound is what stops a macro that expands without bound (the
 * preprocessor builds the whole expansion before the parser sees a token, so it grows until the heap is gone);
 * the time bound stops a parse that loops without allocating. Both sit far above any real kernel file: on the whole
 * 6.12 tree the slowest file parses in 4.2 s and the hungriest allocates 0.8 GiB (README, "Parse budget"). The
 * allocation bound stops such a file before the heap runs out only when the heap is larger than about half the
 * bound (what a thread allocates is at least what it keeps alive); in a smaller heap the file ends the scan as any
 * shortage of heap does, with the internal-error exit and "raise -Xmx". Not capped by the heap, so that the same
 * files are skipped whatever the heap.
 */
public record ParseBudget(Duration time, long allocatedBytes) {
    public static final ParseBudget DEFAULT = new ParseBudget(Duration.ofSeconds(60), 4L << 30);

    public ParseBudget {
        if (time.isNegative() || time.isZero() || allocatedBytes <= 0) {
            throw new IllegalArgumentException("a parse budget must be positive");
        }
    }

    /** The time bound in nanoseconds; one too long to count in them (centuries) never runs out. */
    long timeNanos() {
        try {
            return time.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    static String seconds(Duration time) {
        long millis = time.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros()
                .toPlainString() + " s";
    }

    static String mebibytes(long bytes) {
        return bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }
}

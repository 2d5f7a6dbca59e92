package dev.kreach.sarif;

/** What GitHub code scanning accepts in one upload; past these, kreach trims and says so in a notification. */
public record SarifLimits(int resultsPerRun, int threadFlowLocationsPerResult, long gzippedBytes) {
    public static final SarifLimits GITHUB = new SarifLimits(25_000, 1_000, 10L * 1024 * 1024);
}

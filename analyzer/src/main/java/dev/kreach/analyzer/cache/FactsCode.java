package dev.kreach.analyzer.cache;

import dev.kreach.analyzer.CodeFingerprint;
import java.util.List;

/** A fingerprint of the code whose output the facts cache stores: the packages that parse files into facts. */
final class FactsCode {
    /** Everything that decides what facts, and what re-parsed bodies, a file gives. */
    private static final List<String> PACKAGES = List.of("dev/kreach/analyzer/parse/", "dev/kreach/analyzer/facts/",
            "dev/kreach/analyzer/cache/", "dev/kreach/analyzer/body/");

    private FactsCode() {
    }

    static String fingerprint() {
        return CodeFingerprint.of(FactsCode.class, PACKAGES);
    }
}

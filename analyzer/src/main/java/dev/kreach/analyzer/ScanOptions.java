package dev.kreach.analyzer;

import dev.kreach.analyzer.model.KernelModels;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.ParseBudget;
import dev.kreach.analyzer.source.Scope;

/**
 * What to scan and how: path scope, configuration (a .config, or the architecture's Kconfig defaults when none is
 * given), kernel models, the architecture (kbuild's SRCARCH) whose kernel is scanned, and what one file's parse may
 * take.
 */
public record ScanOptions(Scope scope, KernelConfig config, KernelModels models, String arch, ParseBudget budget) {
    public static final String DEFAULT_ARCH = "x86";

    public ScanOptions(Scope scope, KernelConfig config, KernelModels models, String arch) {
        this(scope, config, models, arch, ParseBudget.DEFAULT);
    }

    public ScanOptions(Scope scope, KernelConfig config, KernelModels models) {
        this(scope, config, models, DEFAULT_ARCH);
    }

    public static ScanOptions defaults() {
        return new ScanOptions(Scope.CEPH, KernelConfig.allEnabled(), KernelModels.bundled());
    }

    public ScanOptions withConfig(KernelConfig resolved) {
        return new ScanOptions(scope, resolved, models, arch, budget);
    }
}

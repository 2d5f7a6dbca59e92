package dev.kreach.analyzer;

import dev.kreach.analyzer.model.KernelModels;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.source.Scope;

/** What to scan and how: path scope, configuration (fast mode's all-enabled or a .config) and kernel models. */
public record ScanOptions(Scope scope, KernelConfig config, KernelModels models) {

    public static ScanOptions defaults() {
        return new ScanOptions(Scope.CEPH, KernelConfig.allEnabled(), KernelModels.bundled());
    }
}

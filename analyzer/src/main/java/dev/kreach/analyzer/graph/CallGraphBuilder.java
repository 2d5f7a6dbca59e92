package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.model.KernelModels;
import java.util.List;

/**
 * Builds the call graph from facts. Resolution, in the order edges are added for each call:
 * direct names with C linkage; struct fields by (struct type, field), the first layer of multi-layer type analysis
 * (MLTA), falling back to the field name when fast mode cannot type the owner; function-pointer parameters by the
 * functions passed at the callers' call sites, to a fixed point; and kernel core functions by their models.
 * Deferral APIs register functions as facts and never add an edge to them.
 */
public final class CallGraphBuilder {
    private final KernelModels models;

    public CallGraphBuilder(KernelModels models) {
        this.models = models;
    }

    /**
     * @param units files whose functions are analysed (the scope's .c files and its own headers), sorted by path
     * @param typeHeaders headers read only for struct layouts and return types
     */
    public CallGraph build(List<FileFacts> units, List<FileFacts> typeHeaders) {
        return IncrementalGraph.build(models, units, typeHeaders, false).graph();
    }

    /** As {@link #build}, keeping what a patch needs to update the graph without building it again. */
    public IncrementalGraph buildUpdatable(List<FileFacts> units, List<FileFacts> typeHeaders) {
        return IncrementalGraph.build(models, units, typeHeaders, true);
    }
}

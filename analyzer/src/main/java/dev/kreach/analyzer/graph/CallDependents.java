package dev.kreach.analyzer.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Which calls consulted each table entry of a resolution ({@link Resolution.Deps}): what an update looks up for the
 * few entries a patch changes. A whole kernel has millions of entries, so a graph read back keeps them in the saved
 * bytes and looks each up there ({@link SavedIncrementalGraph}); an update lays what its own resolutions consulted
 * over the lists of the graph it updates instead of copying them.
 */
interface CallDependents {
    /**
     * The calls that consulted {@code key}, each as (file, index of the call in it). It may also list calls of files
     * patched since, by their old numbers: resolving those again is harmless.
     *
     * @throws java.io.UncheckedIOException when a saved graph's bytes do not decode (damage)
     */
    List<IncrementalGraph.CallRef> of(Resolution.Key key);

    /** Every entry once, with its calls: what a saved graph writes. */
    void forEach(BiConsumer<Resolution.Key, List<IncrementalGraph.CallRef>> action);

    /** The lists of a build: every entry in memory. */
    record Built(Map<Resolution.Key, List<IncrementalGraph.CallRef>> byKey) implements CallDependents {
        @Override
        public List<IncrementalGraph.CallRef> of(Resolution.Key key) {
            return byKey.getOrDefault(key, List.of());
        }

        @Override
        public void forEach(BiConsumer<Resolution.Key, List<IncrementalGraph.CallRef>> action) {
            byKey.forEach(action);
        }
    }

    /** An update's: what its resolutions consulted, after the lists of the graph it updated. */
    record Layered(CallDependents under, Map<Resolution.Key, List<IncrementalGraph.CallRef>> added)
            implements CallDependents {
        @Override
        public List<IncrementalGraph.CallRef> of(Resolution.Key key) {
            List<IncrementalGraph.CallRef> more = added.get(key);
            List<IncrementalGraph.CallRef> first = under.of(key);
            if (more == null) {
                return first;
            }
            List<IncrementalGraph.CallRef> all = new ArrayList<>(first);
            all.addAll(more);
            return all;
        }

        @Override
        public void forEach(BiConsumer<Resolution.Key, List<IncrementalGraph.CallRef>> action) {
            Set<Resolution.Key> done = new HashSet<>();
            under.forEach((key, refs) -> {
                List<IncrementalGraph.CallRef> more = added.get(key);
                if (more == null) {
                    action.accept(key, refs);
                } else {
                    done.add(key);
                    List<IncrementalGraph.CallRef> all = new ArrayList<>(refs);
                    all.addAll(more);
                    action.accept(key, all);
                }
            });
            added.forEach((key, refs) -> {
                if (!done.contains(key)) {
                    action.accept(key, refs);
                }
            });
        }
    }
}

package dev.kreach.rules.reach;

import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.graph.Reads;
import dev.kreach.rules.refine.ChainCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run of the rules computed over a graph — every search of every component of entry points, with the
 * functions it reached, and every chain's hop-by-hop check, with what it read — kept so that the run over an
 * update of that graph ({@link dev.kreach.analyzer.graph.GraphChange}) searches again only the components whose
 * reached functions the update changed and checks again only the chains whose check read something it changed.
 * Taken over, a search or check gives what it would have computed: the run that takes this over finds what a run
 * from scratch finds, chain by chain.
 */
public final class ReachMemo {
    /** The graph the run was over ({@link dev.kreach.analyzer.graph.IncrementalGraph#identity}); null: none. */
    private final Object graph;
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    ReachMemo(Object graph) {
        this.graph = graph;
    }

    /** The graph the run was over, as {@link dev.kreach.analyzer.graph.IncrementalGraph#identity} names it. */
    public Object graph() {
        return graph;
    }

    Map<String, Rule> rules() {
        return rules;
    }

    Rule rule(String id) {
        return rules.get(id);
    }

    void put(String id, Rule rule) {
        rules.put(id, rule);
    }

    /** A subpath forbidden after a refutation, in the order the run forbade them. */
    record Pattern(List<CallEdge> edges, boolean fromEntry) {
    }

    /**
     * One search: the component's entry points in order, how many forbidden subpaths were in force, the
     * functions it reached ({@link ChainSearch#reached}), and the chain it found to each sink call it reached.
     */
    record Search(String component, List<FunctionId> entries, int patterns, long[] reached,
            Map<CallEdge, List<CallEdge>> found) {
        /** Whether some function of {@code changed} (sorted hashes) is one this search reached. */
        boolean reachedAny(long[] changed) {
            for (long h : changed) {
                if (java.util.Arrays.binarySearch(reached, h) >= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A chain's check, keyed by the chain and the ops table its entry point was called through. */
    record ChainKey(List<CallEdge> edges, ChainCheck.EntryTable table) {
    }

    record Check(ChainCheck.Result result, Reads reads) {
    }

    /**
     * One rule's run: its searches in order, the subpaths it forbade in order, its checks, and what decided how its
     * searches passed interfaces ({@link ChainSearch#dispatch}, {@link ChainSearch#joins},
     * {@link ChainSearch#owners}).
     */
    static final class Rule {
        final List<Search> searches = new ArrayList<>();
        final List<Pattern> patterns = new ArrayList<>();
        final Map<ChainKey, Check> checks = new HashMap<>();
        final Map<String, String> dispatch;
        final Map<String, Set<String>> joins;
        final Set<String> owners;

        Rule(Map<String, String> dispatch, Map<String, Set<String>> joins, Set<String> owners) {
            this.dispatch = dispatch;
            this.joins = joins;
            this.owners = owners;
        }

        /**
         * The search of {@code component} from {@code entries} with {@code patterns} in force that this run made,
         * if it reached none of {@code changed}; the same patterns must have been in force, in the same order.
         */
        Search search(String component, List<FunctionId> entries, List<Pattern> now, long[] changed) {
            for (Search search : searches) {
                if (search.component().equals(component) && search.patterns() == now.size()
                        && search.entries().equals(entries) && now.size() <= patterns.size()
                        && patterns.subList(0, now.size()).equals(now) && !search.reachedAny(changed)) {
                    return search;
                }
            }
            return null;
        }
    }
}

/**
 * Context reachability: from a rule's entry points over the call graph to its sinks, with the witness chain; and
 * what a run computed ({@link dev.kreach.rules.reach.ReachMemo}), for the run over an updated graph to take over.
 */
package dev.kreach.rules.reach;

/** Context reachability: from a rule's entry points over the call graph to its sinks, with the witness chain. */
package dev.kreach.rules.reach;

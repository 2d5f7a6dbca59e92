/**
 * Rules: the one registry of rule metadata, rule packs (sinks, contexts, sanctioned deferrals) and the findings
 * they produce. Reads the analyzer's call graph; must not import sarif or cli.
 */
package dev.kreach.rules;

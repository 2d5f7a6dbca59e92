/**
 * SARIF 2.1.0 of a scan's findings (java-sarif's object model, Jackson for JSON): rules from the registry, each
 * chain as a code flow. Reads findings; never re-derives them. Must not import cli.
 */
package dev.kreach.sarif;

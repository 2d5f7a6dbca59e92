/**
 * Build mode: translation units as the kernel build compiles them, from {@code compile_commands.json} or from the
 * journal that {@code kreach-check} writes under {@code make C=2}, parsed with the build's own flags and headers. A
 * header's effect on the macros is recorded the first time it is read in a given state and replayed wherever it is
 * included again in an equivalent one ({@link dev.kreach.analyzer.build.HeaderVersions}); what include/ declares is
 * skipped by the parser ({@link dev.kreach.analyzer.build.HeaderSkippingLanguage}).
 */
package dev.kreach.analyzer.build;

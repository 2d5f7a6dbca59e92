/**
 * Build mode: translation units as the kernel build compiles them, from {@code compile_commands.json} or from the
 * journal that {@code kreach-check} writes under {@code make C=2}, parsed with the build's own flags and headers.
 */
package dev.kreach.analyzer.build;

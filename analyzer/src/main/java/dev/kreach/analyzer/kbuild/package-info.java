/**
 * The kernel one architecture and configuration builds: kbuild's Makefiles and Kconfig files evaluated into the list
 * of {@code .c} files it compiles, each with the {@code CONFIG_} condition under which it is compiled (Kmax's idea).
 * Reads only a {@link dev.kreach.analyzer.source.SourceTree}; must not import parse, facts or graph.
 */
package dev.kreach.analyzer.kbuild;

package dev.kreach.analyzer.build;

import java.util.List;
import java.util.Optional;

/**
 * What a build-mode scan was computed for and what it left out: the input ({@code compile_commands.json} or a
 * kreach-check journal), the kernel version from the source tree's Makefile, the SHA-256 of the build's
 * {@code .config} when it was found, the translation units parsed, the scoped C files the build did not compile
 * ({@code notBuilt}), those of them parsed in fast mode instead ({@code fastFallback}), and whether the compiler's
 * predefined macros had to be guessed. {@code root} is the source tree's directory. {@code inclusionsReplayed} and
 * {@code inclusionsRead} count header inclusions answered from a recorded version and preprocessed; they depend on
 * which unit reached a header first, so reports (which must not vary run to run) leave them out.
 */
public record BuildInfo(String input, String root, Optional<String> kernelVersion, Optional<String> configSha256,
        Optional<String> configPath, int units, int headersRead, List<String> notBuilt, List<String> fastFallback,
        Optional<String> predefinedGuessed, long inclusionsReplayed, long inclusionsRead) {
    public BuildInfo {
        notBuilt = List.copyOf(notBuilt);
        fastFallback = List.copyOf(fastFallback);
    }
}

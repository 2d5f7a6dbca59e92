package dev.kreach.analyzer.build;

import java.util.List;
import java.util.Optional;

/**
 * What a build-mode scan was computed for and what it left out: the input ({@code compile_commands.json} or a
 * kreach-check journal), the kernel version from the source tree's Makefile, the SHA-256 of the build's
 * {@code .config} when it was found, the translation units parsed, the scoped C files the build did not compile
 * ({@code notBuilt}), those of them parsed in fast mode instead ({@code fastFallback}), and whether the compiler's
 * predefined macros had to be guessed. {@code root} is the source tree's directory.
 */
public record BuildInfo(String input, String root, Optional<String> kernelVersion, Optional<String> configSha256,
        Optional<String> configPath, int units, int headersRead, List<String> notBuilt, List<String> fastFallback,
        Optional<String> predefinedGuessed) {
    public BuildInfo {
        notBuilt = List.copyOf(notBuilt);
        fastFallback = List.copyOf(fastFallback);
    }
}

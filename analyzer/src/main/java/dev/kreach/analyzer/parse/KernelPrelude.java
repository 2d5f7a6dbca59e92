package dev.kreach.analyzer.parse;

import dev.kreach.analyzer.BundledText;

/** The fast-mode macro prelude shipped as a resource (see kernel-prelude.h for what it defines and why). */
final class KernelPrelude {
    private static final char[] TEXT = load();

    private KernelPrelude() {
    }

    static char[] text() {
        return TEXT;
    }

    private static char[] load() {
        return BundledText.of(KernelPrelude.class, "kernel-prelude.h").toCharArray();
    }
}

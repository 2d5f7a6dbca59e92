package dev.kreach.analyzer.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The fast-mode macro prelude shipped as a resource (see kernel-prelude.h for what it defines and why). */
final class KernelPrelude {
    private static final char[] TEXT = load();

    private KernelPrelude() {
    }

    static char[] text() {
        return TEXT;
    }

    private static char[] load() {
        try (InputStream in = KernelPrelude.class.getResourceAsStream("kernel-prelude.h")) {
            if (in == null) {
                throw new IllegalStateException("kernel-prelude.h missing from the kreach jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

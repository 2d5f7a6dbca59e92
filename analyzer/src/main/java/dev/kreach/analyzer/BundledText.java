package dev.kreach.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A text file shipped in the kreach jar (preludes, models); missing means a broken build of kreach, not bad input. */
public final class BundledText {
    private BundledText() {
    }

    /** The resource {@code name}, looked up from {@code owner} as {@link Class#getResourceAsStream} does. */
    public static String of(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the kreach jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

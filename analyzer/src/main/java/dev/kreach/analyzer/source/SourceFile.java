package dev.kreach.analyzer.source;

import java.nio.charset.StandardCharsets;

/**
 * One file of a tree: its path relative to the tree root (always with '/') and its bytes. Its SHA-256 is computed
 * once, on first use: the facts cache, facts reuse and reports all ask for it.
 */
public final class SourceFile {
    private final String path;
    private final byte[] bytes;
    private volatile String sha256;

    public SourceFile(String path, byte[] bytes) {
        this.path = path;
        this.bytes = bytes;
    }

    public String path() {
        return path;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Kernel sources are UTF-8 (a few comments are Latin-1); undecodable bytes become U+FFFD, which only comments hold. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The bytes one char each, for searches whose patterns are ASCII (includes, struct definitions): no decoding,
     * and the JDK keeps such a string in its compact one-byte form.
     */
    public String latin1() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A NUL byte never appears in C source; its presence means the file is binary or corrupt. */
    public boolean looksBinary() {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    public String sha256() {
        String known = sha256;
        if (known != null) {
            return known;
        }
        known = dev.kreach.analyzer.Sha256.hex(bytes);
        sha256 = known;
        return known;
    }

    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public String directory() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    @Override
    public String toString() {
        return path;
    }
}

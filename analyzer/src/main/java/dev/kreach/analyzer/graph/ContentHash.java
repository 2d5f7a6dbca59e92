package dev.kreach.analyzer.graph;

/**
 * A 64-bit hash of a sequence of strings and numbers, the same on every JVM (it is saved beside a graph, see
 * {@link TableDigest}): each string goes in as its length and then its characters, so that no two different
 * sequences feed the same steps, and the result is avalanched. Not cryptographic: it tells a changed table entry
 * from an unchanged one with a chance of 2<sup>-64</sup> of missing one, against accidental change only.
 */
final class ContentHash {
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private long h = 0x243F6A8885A308D3L;

    ContentHash add(String s) {
        if (s == null) {
            return step(-1);
        }
        int n = s.length();
        step(n);
        // Four characters a step: names and paths are long, and millions of them are hashed per check.
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            step(s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48);
        }
        long last = 0;
        for (int shift = 0; i < n; i++, shift += 16) {
            last |= (long) s.charAt(i) << shift;
        }
        return step(last);
    }

    ContentHash add(long v) {
        return step(v);
    }

    ContentHash add(FunctionId f) {
        return add(f.name()).add(f.file());
    }

    ContentHash add(dev.kreach.analyzer.facts.Position p) {
        return add(p.file()).add(p.line()).add(p.column());
    }

    private ContentHash step(long v) {
        h = Long.rotateLeft((h ^ v) * MULTIPLIER, 29) + 0x632BE59BD9B4E019L;
        return this;
    }

    long value() {
        // MurmurHash3's finaliser: every bit of h reaches every bit of the result.
        long z = h;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}

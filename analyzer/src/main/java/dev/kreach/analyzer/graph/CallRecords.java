package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.FactParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The call expressions of a saved graph, left in its mapped bytes and decoded one at a time, on any thread, when an
 * edge of one is asked for. The file's checksum was checked when it was opened, so a record that does not decode is
 * damage the checksum could not see: an {@link UncheckedIOException}, which an update answers by building the graph
 * in full.
 */
final class CallRecords {
    private final ByteBuffer bytes;
    /** The saved graph's strings by number (number 0 is null, not in the table). */
    private final String[] strings;

    CallRecords(ByteBuffer bytes, String[] strings) {
        this.bytes = bytes;
        this.strings = strings;
    }

    /** The call whose record starts at {@code offset}. */
    CallFact at(int offset) {
        MappedCursor cursor = new MappedCursor(bytes, strings, offset);
        try {
            return FactParts.call(cursor);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("saved graph damaged at call record " + offset + ": "
                    + e.getMessage(), e));
        }
    }
}

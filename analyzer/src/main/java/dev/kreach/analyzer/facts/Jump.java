package dev.kreach.analyzer.facts;

import java.util.List;

/**
 * A place in a body where control leaves the straight path or joins it from elsewhere, and the other end of that
 * move, {@code other}: where a {@code goto} lands (its label) or a {@code break} lands (just past its switch or
 * loop); where the switch of a {@code case} or {@code default} starts, which is where control comes from; for a
 * loop (a {@code for}, {@code while} or {@code do} that may run more than once), where it ends, whence control
 * comes back to its start; a loop's {@code site} is where the part that repeats starts (a {@code for}'s condition:
 * its initializer runs once). Null for
 * a label (its gotos name it), for a {@code continue}, and for an end the parser could not place (a goto to a label
 * the body lacks), so that a reader that needs the other end cannot assume one. {@code guards}: the conditions it
 * runs under, as a call's are.
 */
public record Jump(Position site, Kind kind, Position other, List<Guard> guards) {
    public enum Kind { GOTO, BREAK, CONTINUE, LABEL, CASE, LOOP }

    public Jump {
        guards = List.copyOf(guards);
    }

    /** Whether this is a {@code goto} to a label above it: control comes back to code it passed. */
    public boolean back() {
        return kind == Kind.GOTO && other != null && other.compareTo(site) < 0;
    }

    /** Whether this is a loop that holds {@code place}. */
    public boolean loopAround(Position place) {
        return kind == Kind.LOOP && site.compareTo(place) < 0 && (other == null || place.compareTo(other) < 0);
    }

    /** Whether control arrives here from elsewhere, rather than leaving from here. */
    public boolean joins() {
        return kind == Kind.LABEL || kind == Kind.CASE || kind == Kind.LOOP;
    }
}

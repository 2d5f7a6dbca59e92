package dev.kreach.rules.last;

import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Guard;
import dev.kreach.analyzer.facts.Jump;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Store;
import java.util.List;

/**
 * Dominance and post-dominance in a {@link FunctionBody#readable() readable} body, from its jumps: inside one run of
 * the loops that hold both places, control moves forward except where a {@code goto} goes back, so whether one place
 * is passed on every path to (or from) another is a question about the jumps that leave or enter the stretch between
 * them; a loop that holds one place and not the other makes the answer "no", as does any doubt. The kernel's error exits ({@code bad: ... goto done;} below the function's last put) go back, but
 * only from code past the stretch, which a path through the stretch reaches only through its end.
 */
final class StraightPaths {
    private StraightPaths() {
    }

    /**
     * Whether every path that reaches {@code to} passed {@code from} first, with nothing between run twice: it comes
     * before, runs under no condition {@code to} does not run under, nothing between is entered from outside (a
     * {@code case} of a switch that starts earlier, a label a goto from outside lands on), and no goto from past
     * {@code from} goes back above it.
     */
    static boolean dominates(FunctionBody body, Position from, List<Guard> fromGuards, Position to,
            List<Guard> toGuards) {
        // A loop around the later place only comes back to it without passing the earlier one.
        if (!body.readable() || from.compareTo(to) >= 0 || !toGuards.containsAll(fromGuards)
                || body.jumps().stream().anyMatch(j -> j.loopAround(to) && !j.loopAround(from))) {
            return false;
        }
        for (Jump jump : body.jumps()) {
            if (jump.back() && jump.site().compareTo(from) > 0 && jump.other().compareTo(from) <= 0) {
                return false;
            }
            if (!jump.joins() || !inside(jump.site(), from, to)) {
                continue;
            }
            if (jump.kind() == Jump.Kind.CASE && (jump.other() == null || jump.other().compareTo(from) < 0)) {
                return false;
            }
            if (jump.kind() == Jump.Kind.LABEL && body.jumps().stream().anyMatch(j -> j.kind() == Jump.Kind.GOTO
                    && jump.site().equals(j.other()) && !inside(j.site(), from, to))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every path that leaves {@code from} reaches {@code to}: it comes after, runs under no condition
     * {@code from} does not run under, and no path from {@code from} leaves the stretch before it (a return, a goto
     * or break that lands past {@code to} or back above {@code from}). The paths are followed stretch by stretch: a
     * jump in the same branch as {@code from}, with no switch entered since, always runs there, so what lies between
     * it and where it lands is not on the way ({@code handle_cap_flushsnap_ack(inode, ...); goto done;} skips the
     * other cases' gotos); any other jump may run or not, and both ways are followed. A place between that is entered
     * from elsewhere changes nothing: it adds paths to {@code to}, it takes none away.
     */
    static boolean postDominates(FunctionBody body, Position from, List<Guard> fromGuards, Position to,
            List<Guard> toGuards) {
        // A loop around the earlier place only goes back above it before it may reach the later one.
        if (!body.readable() || from.compareTo(to) > 0 || !fromGuards.containsAll(toGuards)
                || body.jumps().stream().anyMatch(j -> j.loopAround(from) && !j.loopAround(to))) {
            return false;
        }
        java.util.Deque<Position> starts = new java.util.ArrayDeque<>(List.of(from));
        java.util.Set<Position> seen = new java.util.HashSet<>();
        while (!starts.isEmpty()) {
            Position start = starts.pop();
            if (!seen.add(start)) {
                continue;
            }
            Position stop = to;
            boolean inSwitch = false;
            for (Jump jump : body.jumps()) {
                if (jump.site().compareTo(start) < 0) {
                    continue;
                }
                if (jump.site().compareTo(stop) >= 0) {
                    break;
                }
                if (jump.kind() == Jump.Kind.CASE) {
                    inSwitch |= jump.other() == null || jump.other().compareTo(start) >= 0;
                }
                if (jump.joins()) {
                    continue;
                }
                if (jump.other() == null || jump.other().compareTo(start) < 0 || jump.other().compareTo(to) > 0) {
                    return false;
                }
                starts.push(jump.other());
                // Only the stretch from the call itself knows its branch; a stretch from a landing place follows all.
                if (start.equals(from) && !inSwitch && fromGuards.containsAll(jump.guards())) {
                    stop = jump.site();
                    break;
                }
            }
            Position end = stop;
            if (body.returns().stream().anyMatch(r -> r.site().compareTo(start) >= 0 && r.site().compareTo(end) < 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean inside(Position site, Position from, Position to) {
        return site.compareTo(from) > 0 && site.compareTo(to) < 0;
    }

    /**
     * Whether some path from {@code from} may reach {@code to} without passing one of {@code kills} (stores that
     * replace what was there): true in any doubt. The paths are followed stretch by stretch, as
     * {@link #postDominates} does: in the branch {@code from} is in, a kill, a return or a jump always runs once
     * reached, so the stretch ends there; a jump that lands past {@code to} ends its path too, when nothing past
     * {@code to} goes back above it; a conditional jump is followed unless a kill in its own branch comes before it
     * ({@code new_inode = NULL; goto retry;}). A stretch from a landing place knows the landing's branch only.
     * A loop around {@code to} is doubt.
     */
    static boolean mayReachWithout(FunctionBody body, Position from, List<Guard> fromGuards, Position to,
            List<Store> kills) {
        if (!body.readable() || from.compareTo(to) >= 0
                || body.jumps().stream().anyMatch(j -> j.loopAround(to) || j.kind() == Jump.Kind.CONTINUE
                        || (j.back() && j.site().compareTo(to) >= 0 && j.other().compareTo(to) <= 0))) {
            return true;
        }
        java.util.Deque<Start> starts = new java.util.ArrayDeque<>(List.of(new Start(from, fromGuards)));
        java.util.Set<Position> seen = new java.util.HashSet<>();
        while (!starts.isEmpty()) {
            Start start = starts.pop();
            if (!seen.add(start.at())) {
                continue;
            }
            Position stop = to;
            boolean inSwitch = false;
            for (Store kill : kills) {
                if (kill.site().compareTo(start.at()) > 0 && kill.site().compareTo(stop) < 0
                        && start.guards().containsAll(kill.guards()) && !joinBetween(body, start.at(), kill.site())) {
                    stop = kill.site();
                }
            }
            for (var r : body.returns()) {
                if (r.site().compareTo(start.at()) > 0 && r.site().compareTo(stop) < 0
                        && start.guards().containsAll(r.guards()) && !joinBetween(body, start.at(), r.site())) {
                    stop = r.site();
                }
            }
            boolean ended = stop.compareTo(to) < 0;
            for (Jump jump : body.jumps()) {
                if (jump.site().compareTo(start.at()) <= 0) {
                    continue;
                }
                if (jump.site().compareTo(stop) >= 0) {
                    break;
                }
                if (jump.kind() == Jump.Kind.CASE) {
                    inSwitch |= jump.other() == null || jump.other().compareTo(start.at()) >= 0;
                }
                if (jump.joins()) {
                    continue;
                }
                if (jump.other() == null) {
                    return true;
                }
                boolean always = !inSwitch && start.guards().containsAll(jump.guards());
                if (jump.other().compareTo(to) <= 0 && !killedBefore(body, kills, start.at(), jump)) {
                    starts.push(new Start(jump.other(), landingGuards(body, jump.other())));
                }
                if (always) {
                    ended = true;
                    break;
                }
            }
            if (!ended) {
                return true;
            }
        }
        return false;
    }

    /** Where a stretch starts, and the conditions it runs under there. */
    private record Start(Position at, List<Guard> guards) {
    }

    /**
     * Whether a kill always runs between the stretch's start and the jump: it comes after the start, its block
     * holds the jump, and nothing enters between it and the jump.
     */
    private static boolean killedBefore(FunctionBody body, List<Store> kills, Position start, Jump jump) {
        for (Store kill : kills) {
            if (kill.site().compareTo(start) > 0 && kill.site().compareTo(jump.site()) < 0
                    && jump.guards().containsAll(kill.guards()) && !joinBetween(body, kill.site(), jump.site())) {
                return true;
            }
        }
        return false;
    }

    /** Whether control can enter the code strictly between two places from elsewhere: a label, a case, a loop. */
    private static boolean joinBetween(FunctionBody body, Position from, Position to) {
        return body.jumps().stream().anyMatch(j -> j.joins() && inside(j.site(), from, to));
    }

    /** The conditions a landing place runs under: its label's, or none known. */
    private static List<Guard> landingGuards(FunctionBody body, Position landing) {
        for (Jump jump : body.jumps()) {
            if (jump.kind() == Jump.Kind.LABEL && jump.site().equals(landing)) {
                return jump.guards();
            }
        }
        return List.of();
    }
}

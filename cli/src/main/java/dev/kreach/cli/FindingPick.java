package dev.kreach.cli;

import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.rules.reach.Finding;
import java.util.List;

/**
 * The one finding a picture is drawn of: {@code --finding [RULE@]FILE:LINE[:COL]}, or the scan's only finding. A
 * choice that matches none or several is bad input, named with what would match.
 */
final class FindingPick {
    private FindingPick() {
    }

    static Finding one(List<Finding> findings, String spec) {
        if (spec == null) {
            if (findings.size() == 1) {
                return findings.get(0);
            }
            throw new BadInputException("--format dot draws one finding, and the scan has " + findings.size()
                    + (findings.isEmpty() ? "" : "; pick one with --finding, e.g. --finding " + place(findings.get(0))));
        }
        int at = spec.indexOf('@');
        String rule = at < 0 ? null : spec.substring(0, at);
        String place = at < 0 ? spec : spec.substring(at + 1);
        List<Finding> matching = findings.stream()
                .filter(f -> rule == null || f.rule().equals(rule))
                .filter(f -> place.equals(place(f)) || place.equals(f.site().toString())).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            throw new BadInputException("--finding " + spec + ": no finding there (" + findings.size()
                    + " in the scan" + (findings.isEmpty() ? "" : ", e.g. " + place(findings.get(0))) + ")");
        }
        throw new BadInputException("--finding " + spec + ": " + matching.size() + " findings there; name one: "
                + String.join(", ", matching.stream().map(f -> f.rule() + "@" + f.site()).toList()));
    }

    private static String place(Finding f) {
        return f.site().file() + ":" + f.site().line();
    }
}

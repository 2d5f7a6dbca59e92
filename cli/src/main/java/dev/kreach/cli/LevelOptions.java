package dev.kreach.cli;

import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.rules.Level;
import dev.kreach.rules.RuleRegistry;
import dev.kreach.rules.reach.Finding;
import java.util.List;
import picocli.CommandLine.Option;

/** Which findings {@code scan} reports, by level, and what its exit status says about them. */
final class LevelOptions {
    @Option(names = "--min-level", paramLabel = "LEVEL",
            description = "Report findings at LEVEL or above: note (default: every reachable put, with notes for the "
                    + "puts that cannot drop the last reference), warning, error.")
    String minLevel = "note";

    /** Checks the level asked for before any work is done: one line, exit 2, when kreach does not know it. */
    void check() {
        level();
    }

    /** The findings at {@code --min-level} or above. */
    List<Finding> shown(List<Finding> findings, RuleRegistry registry) {
        Level min = level();
        return findings.stream().filter(f -> levelOf(f, registry).ordinal() <= min.ordinal()).toList();
    }

    /** Whether any of {@code findings} is a warning or an error: what makes a scan's exit status 1. */
    static boolean anyAboveNote(List<Finding> findings, RuleRegistry registry) {
        return findings.stream().anyMatch(f -> levelOf(f, registry) != Level.NOTE);
    }

    private static Level levelOf(Finding f, RuleRegistry registry) {
        return f.level(registry.find(f.rule()).orElseThrow().level());
    }

    private Level level() {
        for (Level level : Level.values()) {
            if (level.label().equals(minLevel)) {
                return level;
            }
        }
        throw new BadInputException("--min-level takes note, warning or error, not '" + minLevel + "'");
    }
}

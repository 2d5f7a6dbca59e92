package dev.kreach.cli;

import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.rules.pack.RulePack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The rules a command runs: the bundled pack plus the user's {@code --rules} packs. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "FILE",
            description = "Extra rule pack (YAML), added to the bundled one; repeatable.")
    List<Path> rulePacks = new ArrayList<>();

    /** Reads the packs; a missing or bad pack is one line naming it. */
    RulePack load() {
        for (Path pack : rulePacks) {
            UserFile.requireRegular(pack, "rule pack");
        }
        return RulePack.load(rulePacks);
    }
}

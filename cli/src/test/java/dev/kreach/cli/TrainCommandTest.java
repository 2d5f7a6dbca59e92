package dev.kreach.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The launcher's training run: a demo scan, then a demo patch checked against the analysis the scan saved. */
class TrainCommandTest {

    @Test
    void checksTheDemoPatchAgainstTheSavedDemoScanAndLeavesNothingBehind() throws IOException {
        List<Path> before = leftovers();
        Cli cli = Cli.run("train");
        // Exit 0 only when the check took the scan's saved analysis over (the training the class cache needs).
        assertEquals(ExitCodes.OK, cli.exit(), cli.err());
        assertEquals("", cli.out());
        assertEquals(before, leftovers());
    }

    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("kreach-train")).sorted().toList();
        }
    }
}

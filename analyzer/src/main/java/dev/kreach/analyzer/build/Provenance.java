package dev.kreach.analyzer.build;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.facts.Position;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What reports say about a build-mode finding: the configuration options its chain depends on, and the files in it
 * that the build did not compile and {@code --fallback fast} parsed instead.
 */
public final class Provenance {
    private final BuildInfo info;
    private final ConfigGates gates;

    private Provenance(BuildInfo info) {
        this.info = info;
        this.gates = new ConfigGates(Path.of(info.root()));
    }

    /** Empty for a fast-mode scan. */
    public static Optional<Provenance> of(ScanResult result) {
        return result.build().map(Provenance::new);
    }

    public BuildInfo info() {
        return info;
    }

    /** The options the places (a finding's sink and every hop) depend on, sorted. */
    public synchronized List<String> gates(Collection<Position> places) {
        return gates.of(places);
    }

    /** The places' files parsed in fast mode for want of a build command, sorted. */
    public List<String> fastFiles(Collection<Position> places) {
        TreeSet<String> files = new TreeSet<>();
        for (Position p : places) {
            if (info.fastFallback().contains(p.file())) {
                files.add(p.file());
            }
        }
        return List.copyOf(files);
    }

    /** One line for report headers: version, configuration and input. */
    public String describe() {
        return "build mode: Linux " + info.kernelVersion().orElse("(version unknown)") + ", .config "
                + info.configSha256().map(h -> "sha256 " + h.substring(0, 16)).orElse("not found") + ", "
                + info.units() + " translation units from " + info.input();
    }
}

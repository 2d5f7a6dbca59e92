package dev.kreach.analyzer.build;

import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.facts.Position;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What reports say about a build-mode scan: the build it was computed for, and the files of a finding's chain that
 * the build did not compile and {@code --fallback fast} parsed instead. (The configuration a chain rests on is on
 * the finding, computed in the scan.)
 */
public final class Provenance {
    private final BuildInfo info;

    private Provenance(BuildInfo info) {
        this.info = info;
    }

    /** Empty for a fast-mode scan. */
    public static Optional<Provenance> of(ScanResult result) {
        return result.build().map(Provenance::new);
    }

    public BuildInfo info() {
        return info;
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

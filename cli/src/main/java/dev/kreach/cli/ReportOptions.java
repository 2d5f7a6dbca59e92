package dev.kreach.cli;

import dev.kreach.analyzer.ScanResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a command's reports go: {@code --format} (repeatable) and {@code -o FILE} for the one file report. Text (and
 * its gcc-style form) goes to stdout; a json, sarif or dot report goes to FILE, written whole or not at all, or to stdout when it is the only
 * one.
 */
final class ReportOptions {
    enum Format { text, gcc, json, sarif, dot }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES}; repeatable (--format text --format sarif -o out.sarif). "
                    + "Default: text.")
    List<Format> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the json, sarif or dot report to FILE (whole or not at all) instead of stdout.")
    Path output;

    @Option(names = "--sarif-category", paramLabel = "ID",
            description = "SARIF runAutomationDetails.id: which analysis an upload replaces (GitHub's category; a "
                    + "'/' is added at the end when it has none, so that the whole of it is the category). Default: "
                    + "kreach/, the scope's directories with '-' for '/', joined by '+', and '/' "
                    + "(kreach/fs-ceph+net-ceph/).")
    String category;

    /**
     * The SARIF category, ending in "/": GitHub takes everything up to the last "/" of runAutomationDetails.id as
     * the category, so kreach/fs/ceph+net/ceph and a scan of fs/ext4 would share category kreach/fs, and an id
     * without a "/" (kreach) would have none. One per scope by default, so scans of different scopes do not replace
     * each other.
     */
    String sarifCategory(ScanResult result) {
        if (category != null) {
            return category.endsWith("/") ? category : category + "/";
        }
        return "kreach/" + String.join("+", result.options().scope().prefixes().stream()
                .map(p -> p.isEmpty() || p.equals(".") ? "whole-tree" : p.replace('/', '-')).toList()) + "/";
    }

    /** The formats asked for, checked before any work is done. */
    List<Format> wanted(List<Format> supported) {
        List<Format> wanted = formats.isEmpty() ? List.of(Format.text) : formats.stream().distinct().toList();
        for (Format format : wanted) {
            if (!supported.contains(format)) {
                throw new ParameterException(spec.commandLine(), spec.name() + " writes " + supported + ", not "
                        + format);
            }
        }
        long files = wanted.stream().filter(f -> f != Format.text && f != Format.gcc).count();
        if (output != null && files != 1) {
            throw new ParameterException(spec.commandLine(), "-o takes the one json, sarif or dot report; formats asked: "
                    + wanted);
        }
        if (output == null && wanted.size() > 1) {
            throw new ParameterException(spec.commandLine(), "only one format can go to stdout; write the json, "
                    + "sarif or dot report with -o FILE");
        }
        return wanted;
    }

    /** Writes each wanted report, made only when needed. */
    void emit(List<Format> wanted, Map<Format, Supplier<String>> reports) {
        PrintWriter out = spec.commandLine().getOut();
        for (Format format : wanted) {
            String report = reports.get(format).get();
            if (format != Format.text && format != Format.gcc && output != null) {
                AtomicOutput.write(output, report);
            } else {
                out.print(report);
            }
        }
        out.flush();
    }
}

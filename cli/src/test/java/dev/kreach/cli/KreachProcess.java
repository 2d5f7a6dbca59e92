package dev.kreach.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kreach in a JVM of its own, for what an in-process run cannot show: exit on a signal, a heap of another size, a
 * locale, standard output onto a device.
 */
final class KreachProcess {
    private KreachProcess() {
    }

    /** A builder running {@code args} with {@code jvmOptions} and the tests' class path; nothing redirected yet. */
    static ProcessBuilder builder(List<String> jvmOptions, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    /** Started with stdout and stderr into {@code out} and {@code err}. */
    static Process start(Path out, Path err, List<String> jvmOptions, String... args) throws IOException {
        return builder(jvmOptions, Map.of(), args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }
}

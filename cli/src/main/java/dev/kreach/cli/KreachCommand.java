package dev.kreach.cli;

import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.analyzer.source.Printable;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "kreach", mixinStandardHelpOptions = true, version = "kreach 0.1.0",
        description = "Can this call run in that context? Call graphs of Linux kernel C, with the kernel's "
                + "function pointers resolved.",
        subcommands = {ScanCommand.class, CheckPatchCommand.class, GraphCommand.class, PathCommand.class, StatsCommand.class,
            TrainCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:findings (scan), new findings (check-patch), or no path between the functions (path)",
            "2:bad input or usage", "3:internal error"})
final class KreachCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: scan, check-patch, graph, path or stats");
    }

    /** Whether an internal error prints its trace too: with {@code KREACH_DEBUG} set in the environment. */
    static boolean debug() {
        String value = System.getenv("KREACH_DEBUG");
        return value != null && !value.isEmpty() && !value.equals("0");
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KreachCommand());
        cl.setExitCodeExceptionMapper(e -> e instanceof BadInputException ? ExitCodes.BAD_INPUT
                : ExitCodes.INTERNAL_ERROR);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("kreach: " + Printable.of(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof BadInputException) {
                err.println("kreach: " + Printable.of(ex.getMessage()));
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            err.println("kreach: internal error: " + Printable.of(String.valueOf(ex)));
            if (debug()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        return cl;
    }
}

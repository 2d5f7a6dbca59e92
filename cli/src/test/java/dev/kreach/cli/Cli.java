package dev.kreach.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and keeps what it printed. */
record Cli(int exit, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KreachCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /** What a successful or findings-reporting run printed on stdout. */
    static String runToString(String... args) {
        Cli cli = run(args);
        if (cli.exit() > ExitCodes.NEGATIVE) {
            throw new AssertionError("kreach " + String.join(" ", args) + " failed: " + cli.err());
        }
        return cli.out();
    }

    /** A scan of the bundled demo tree through the same options the commands use. */
    static dev.kreach.analyzer.ScanResult runScan() {
        return new TreeOptions().scan(new PrintWriter(new StringWriter()));
    }

    /** The error output without the demo-tree notice. */
    String errLines() {
        return err.lines().filter(l -> !l.contains("bundled demo tree")).reduce("", (a, b) -> a + b + "\n");
    }
}

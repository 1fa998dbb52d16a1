package dev.lamina.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lamina} command. */
@Command(
        name = "lamina",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Self-hosted, AWS-Lambda-compatible functions with first-class extensions.",
        subcommands = {ServeCommand.class, InvokeCommand.class, LogsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}

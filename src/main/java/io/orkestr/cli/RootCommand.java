package io.orkestr.cli;

import io.orkestr.service.OrkestrService;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code orkestr} command: global options and the subcommands. */
@Command(
    name = "orkestr",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Converges Docker to an orkestr.yaml: projects, their apps and managed Postgres and Redis add-ons.",
    subcommands = {
      ValidateCommand.class, PlanCommand.class, ApplyCommand.class, StatusCommand.class, DestroyCommand.class,
      DeployCommand.class, EnvCommand.class, RunCommand.class, WakeCommand.class, BackupCommand.class, PlansCommand.class, ServeCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Exit codes: 0 success, 1 error, 2 changes (plan --detailed-exitcode), 70 internal error, 130 interrupted."})
public final class RootCommand implements Runnable {
  final CliContext context;

  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Log at DEBUG and print stack traces.")
  boolean debug;

  @Option(names = "--plans", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
      description = "The plans (tiers) file to use instead of the built-in one (default: $ORKESTR_PLANS).")
  Path plansFile;

  @Option(names = "--stats", scope = CommandLine.ScopeType.INHERIT,
      description = "Print the Docker API calls made and the time taken to stderr.")
  boolean stats;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public RootCommand(CliContext context) {
    this.context = context;
  }

  OrkestrService service() {
    if (debug) context.enableDebug();
    return context.service(plansFile);
  }

  @Override
  public void run() {
    spec.commandLine().usage(context.out());
  }

  /** Builds the command line with orkestr's error handling and colour choice. */
  public static CommandLine commandLine(CliContext context) {
    RootCommand root = new RootCommand(context);
    CommandLine cl = new CommandLine(root);
    ErrorHandler errors = new ErrorHandler(context, root);
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(context.style().color() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    cl.setOut(new java.io.PrintWriter(context.out(), true));
    cl.setErr(new java.io.PrintWriter(context.err(), true));
    return cl;
  }
}

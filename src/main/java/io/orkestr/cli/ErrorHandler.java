package io.orkestr.cli;

import io.orkestr.error.UserError;
import io.orkestr.error.ValidationError;
import io.orkestr.yaml.EditDistance;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * ErrorHandler prints a user error as one line per problem on stderr (exit 1), and anything else
 * as an internal error (exit 70); stack traces only with --debug.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final CliContext context;
  private final RootCommand root;

  ErrorHandler(CliContext context, RootCommand root) {
    this.context = context;
    this.root = root;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof UserError u) {
      for (String line : u.lines()) context.err().println(u instanceof ValidationError ? line : "error: " + line);
      if (root.debug) e.printStackTrace(context.err());
      return ExitCodes.ERROR;
    }
    context.err().println("internal error: " + e + (root.debug ? "" : " (run with --debug for a stack trace)"));
    if (root.debug) e.printStackTrace(context.err());
    return ExitCodes.INTERNAL;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    context.err().println("error: " + (e instanceof UnmatchedArgumentException u ? unmatched(u, cmd) : e.getMessage()));
    context.err().println("see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    return ExitCodes.ERROR;
  }

  /** A mistyped command or option gets the same "did you mean" as a mistyped manifest key. */
  private static String unmatched(UnmatchedArgumentException e, CommandLine cmd) {
    String word = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
    if (word.startsWith("-")) {
      String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
      List<String> options = new ArrayList<>();
      cmd.getCommandSpec().options().forEach(o -> options.addAll(List.of(o.names())));
      return "unknown option \"" + name + "\"" + EditDistance.suggest(name, options);
    }
    if (!cmd.getSubcommands().isEmpty()) {
      List<String> commands = cmd.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
      String hint = EditDistance.suggest(word, commands);
      return "unknown command \"" + word + "\"" + (hint.isEmpty() ? " (commands: " + String.join(", ", commands) + ")" : hint);
    }
    return "unexpected argument \"" + word + "\"";
  }
}

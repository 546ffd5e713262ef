package io.orkestr.cli;

import io.orkestr.error.UserError;
import io.orkestr.error.ValidationError;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
    context.err().println("error: " + e.getMessage());
    context.err().println("see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    return ExitCodes.ERROR;
  }
}

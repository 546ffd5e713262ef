package io.orkestr.app;

import io.orkestr.cli.RootCommand;

/** Main runs the orkestr command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    return run(args, System.getenv(), System.out, System.err);
  }

  /** Runs one command with the given environment and streams (the integration tests run orkestr in-process this way). */
  public static int run(String[] args, java.util.Map<String, String> env, java.io.PrintStream out, java.io.PrintStream err) {
    AppContext context = new AppContext(new Environment(env), out, err);
    try {
      return RootCommand.commandLine(context).execute(args);
    } finally {
      context.restoreLogging();
    }
  }
}

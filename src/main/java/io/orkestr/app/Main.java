package io.orkestr.app;

import io.orkestr.cli.RootCommand;

/** Main runs the orkestr command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    AppContext context = new AppContext(new Environment(System.getenv()), System.out, System.err);
    return RootCommand.commandLine(context).execute(args);
  }
}

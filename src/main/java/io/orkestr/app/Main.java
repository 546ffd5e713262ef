package io.orkestr.app;

import io.orkestr.cli.RootCommand;
import java.io.PrintStream;
import java.util.Map;

/** Main runs the orkestr command line: through a running daemon when there is one, else in this process. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Integer forwarded = DaemonClient.run(args, System.getenv(), System.out, System.err);
    System.exit(forwarded != null ? forwarded : run(args));
  }

  static int run(String[] args) {
    return run(args, System.getenv(), System.out, System.err);
  }

  /** Runs one command in this process with the given environment and streams (the integration tests run orkestr this way). */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, Environment.ofProcess(env), out, err, Session.ofProcess());
  }

  static int run(String[] args, Environment environment, PrintStream out, PrintStream err, Session session) {
    AppContext context = new AppContext(environment, out, err, session);
    try {
      return RootCommand.commandLine(context).execute(args);
    } finally {
      context.closeDocker();
      context.restoreLogging();
    }
  }
}

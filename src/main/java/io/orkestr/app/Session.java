package io.orkestr.app;

import io.orkestr.cli.CliContext;

/**
 * Session is where a command runs: on this process's terminal (colour when it is one, prompts, Ctrl-C as
 * a signal) or for a client of the daemon (colour when the client's is one, no prompts, Ctrl-C as a
 * message or a hang-up).
 */
record Session(boolean terminal, boolean prompts, InterruptSource interrupts) {
  /** What the user's Ctrl-C is, for this session. */
  interface InterruptSource {
    CliContext.Registration register(Runnable handler);
  }

  /** A command in this process: Ctrl-C is SIGINT, seen through a shutdown hook. */
  static Session ofProcess() {
    boolean terminal = System.console() != null;
    return new Session(terminal, terminal, Session::shutdownHook);
  }

  private static CliContext.Registration shutdownHook(Runnable handler) {
    Thread hook = new Thread(handler, "orkestr-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running; it ends when the command does
      }
    };
  }
}

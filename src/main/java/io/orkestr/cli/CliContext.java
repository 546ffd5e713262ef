package io.orkestr.cli;

import io.orkestr.render.Style;
import io.orkestr.service.OrkestrService;
import java.io.PrintStream;
import java.nio.file.Path;

/** CliContext is what the commands get from app/: the service (built on first use), output streams and style. */
public interface CliContext {
  /** The service, with the plans file given by --plans (or ORKESTR_PLANS, or the built-in one). */
  OrkestrService service(Path plansFile);

  PrintStream out();

  PrintStream err();

  Style style();

  /** Whether stdin and stdout are a terminal (confirmation prompts, colour). */
  boolean interactive();

  /** Reads one line from the terminal, or null. */
  String readLine(String prompt);

  /** System.nanoTime() when the command began, for --stats. */
  long startedNanos();

  /** Docker API calls made so far, for --stats. */
  long dockerCalls();

  /** Turns on DEBUG logging and stack traces. */
  void enableDebug();

  /**
   * A path the user typed, resolved against the directory the command was run in: the process's own,
   * or the client's when the daemon runs the command for it.
   */
  Path resolve(Path given);

  /**
   * Runs the handler, on a thread of its own, when the user interrupts the command: Ctrl-C, or the client
   * of a command the daemon runs going away. Closing the registration ends it.
   */
  Registration onInterrupt(Runnable handler);

  /**
   * Runs the daemon ({@code orkestr serve}) on the given Unix socket until it is stopped (SIGTERM or
   * Ctrl-C: it then stops in order and returns); with a manifest, it also runs the control plane over
   * the given service: the reconcile loop, the backup schedule and the HTTP API.
   */
  void serve(ServeOptions options, OrkestrService service);

  /** Registration of an interrupt handler; close() removes it. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}

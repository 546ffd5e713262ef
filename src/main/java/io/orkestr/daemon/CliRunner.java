package io.orkestr.daemon;

import java.io.PrintStream;

/** CliRunner runs one command line to its exit code; app/ gives the daemon orkestr's own command line. */
@FunctionalInterface
public interface CliRunner {
  int run(CliInvocation invocation, PrintStream out, PrintStream err, HangUp hangUp);
}

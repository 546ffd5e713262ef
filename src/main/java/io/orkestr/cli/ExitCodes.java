package io.orkestr.cli;

/** The exit codes the README documents. */
public final class ExitCodes {
  public static final int OK = 0;
  /** A user error: bad input, a refused or failed change, Docker out of reach. */
  public static final int ERROR = 1;
  /** plan --detailed-exitcode: there are changes. */
  public static final int CHANGES = 2;
  /** A bug in orkestr. */
  public static final int INTERNAL = 70;
  /** Interrupted (Ctrl-C). */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}

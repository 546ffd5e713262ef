package io.orkestr.error;

import java.util.List;

/**
 * UserError is a failure the user can fix: bad input, a refused change, Docker out of reach.
 * It is printed as one line per problem (no stack trace unless --debug); anything else is a bug.
 * Not sealed: permitted subclasses would all have to live in this package.
 */
public class UserError extends RuntimeException {
  private final String hint;

  public UserError(String message) {
    this(message, null, null);
  }

  public UserError(String message, String hint) {
    this(message, hint, null);
  }

  public UserError(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  /**
   * Whether retrying without a change of the manifest cannot help (a refused downgrade, a plan limit,
   * an invalid manifest): a reconciler then waits for the manifest to change instead of retrying.
   * Failures that may pass by themselves (the engine out of reach, a container still starting) are
   * not terminal, and are retried with backoff (controller-runtime's TerminalError, the other way round).
   */
  public boolean isTerminal() {
    return true;
  }

  /** What the user might do about it ("perhaps you should start Docker"), or null. */
  public String hint() {
    return hint;
  }

  /** The lines to print: one per problem, the hint appended to the last. */
  public List<String> lines() {
    return List.of(hint == null ? getMessage() : getMessage() + ", " + hint);
  }
}

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

  /** What the user might do about it ("perhaps you should start Docker"), or null. */
  public String hint() {
    return hint;
  }

  /** The lines to print: one per problem, the hint appended to the last. */
  public List<String> lines() {
    return List.of(hint == null ? getMessage() : getMessage() + ", " + hint);
  }
}

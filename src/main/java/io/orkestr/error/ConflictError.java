package io.orkestr.error;

/** ConflictError says a change would collide with something else: another manifest's project, a lock, a name in use. */
public class ConflictError extends UserError {
  public ConflictError(String message, String hint) {
    super(message, hint);
  }
}

package io.orkestr.error;

/** NotFoundError: what was asked for by name or id does not exist (an HTTP 404). */
public final class NotFoundError extends UserError {
  public NotFoundError(String message, String hint) {
    super(message, hint);
  }
}

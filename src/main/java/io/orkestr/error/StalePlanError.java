package io.orkestr.error;

/** StalePlanError refuses a saved plan whose actual state changed since it was made. */
public class StalePlanError extends UserError {
  public StalePlanError(String message, String hint) {
    super(message, hint);
  }
}

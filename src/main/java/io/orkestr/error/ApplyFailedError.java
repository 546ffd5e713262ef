package io.orkestr.error;

/** ApplyFailedError says some changes of an apply failed; the report already printed which and why. */
public class ApplyFailedError extends UserError {
  public ApplyFailedError(String message) {
    super(message);
  }
}

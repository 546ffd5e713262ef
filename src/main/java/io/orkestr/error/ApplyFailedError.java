package io.orkestr.error;

/** ApplyFailedError says some changes of an apply failed; the report already printed which and why. */
public class ApplyFailedError extends UserError {
  public ApplyFailedError(String message) {
    super(message);
  }

  /** Not terminal: a change that failed (an add-on that did not become ready) may succeed when retried. */
  @Override
  public boolean isTerminal() {
    return false;
  }
}

package io.orkestr.error;

/**
 * TransientError is a failure that may pass by itself: the engine refused a call for the moment (a
 * container still starting or being removed, a timeout), or some changes of an apply failed. A
 * reconciler retries it with backoff.
 */
public class TransientError extends UserError {
  public TransientError(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  @Override
  public boolean isTerminal() {
    return false;
  }
}

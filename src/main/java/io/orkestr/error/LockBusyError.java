package io.orkestr.error;

/** LockBusyError: another apply of the manifest holds its lock. It passes by itself, so a reconciler retries. */
public final class LockBusyError extends ConflictError {
  public LockBusyError(String message, String hint) {
    super(message, hint);
  }

  @Override
  public boolean isTerminal() {
    return false;
  }
}

package io.orkestr.apply;

/** StepFailure ends one change with a message for the report; the apply goes on with what does not depend on it. */
public final class StepFailure extends RuntimeException {
  public StepFailure(String message) {
    super(message, null, false, false);
  }
}

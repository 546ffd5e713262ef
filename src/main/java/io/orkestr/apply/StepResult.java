package io.orkestr.apply;

import io.orkestr.desired.ResourceKey;
import io.orkestr.plan.Action;
import java.time.Duration;
import java.util.Objects;

/** StepResult is what happened to one planned change: done, failed (with why) or skipped (with why). */
public record StepResult(ResourceKey key, Action action, Outcome outcome, String message, Duration took) {
  public StepResult {
    Objects.requireNonNull(key);
    Objects.requireNonNull(action);
    Objects.requireNonNull(outcome);
    Objects.requireNonNull(message);
    Objects.requireNonNull(took);
  }
}

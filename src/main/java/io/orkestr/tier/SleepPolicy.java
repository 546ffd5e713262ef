package io.orkestr.tier;

import java.time.Duration;
import java.util.Objects;

/** SleepPolicy says when an idle add-on is frozen (paused) and when it is stopped. */
public record SleepPolicy(Duration freezeAfter, Duration stopAfter) {
  public SleepPolicy {
    Objects.requireNonNull(freezeAfter);
    Objects.requireNonNull(stopAfter);
  }
}

package io.orkestr.actual;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Sleep is an add-on's idle sleep as orkestr recorded it: awake (with when an app last used it and
 * which client), frozen (paused) or stopped since a time. Docker alone cannot tell a frozen add-on
 * from one paused by hand, nor a stopped one from one that died: only a record of orkestr's makes
 * the paused or exited container asleep rather than drift.
 */
public record Sleep(Stage stage, Instant since, Optional<Instant> lastActivity, Optional<String> holder) {
  public enum Stage {
    AWAKE, FROZEN, STOPPED;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Sleep {
    Objects.requireNonNull(stage);
    Objects.requireNonNull(since);
    Objects.requireNonNull(lastActivity);
    Objects.requireNonNull(holder);
  }

  public static Sleep asleep(Stage stage, Instant since) {
    return new Sleep(stage, since, Optional.empty(), Optional.empty());
  }

  public boolean isAsleep() {
    return stage != Stage.AWAKE;
  }
}

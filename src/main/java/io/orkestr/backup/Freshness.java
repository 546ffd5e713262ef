package io.orkestr.backup;

import io.orkestr.desired.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Freshness is how current an add-on's backups are: its last successful one, whether automatic
 * backups are on and a daemon schedules them, and whether the last success is older than the
 * schedule allows (overdue), so a schedule that stopped does not go unnoticed.
 */
public record Freshness(ResourceKey addon, boolean automatic, String schedule, Duration allowed, Optional<Instant> lastSuccess,
    boolean scheduled, boolean overdue) {
  public Freshness {
    Objects.requireNonNull(addon);
    Objects.requireNonNull(schedule);
    Objects.requireNonNull(allowed);
    Objects.requireNonNull(lastSuccess);
  }
}

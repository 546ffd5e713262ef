package io.orkestr.manifest;

import java.time.Duration;
import java.util.Optional;

/**
 * Schedules reads backup schedules (cron expressions) for the manifest's checks. The core only asks;
 * the backup package answers with Quartz's own parser, so the manifest accepts exactly what the
 * scheduler will run.
 */
public interface Schedules {
  /** Accepts every schedule: for readers that do not schedule anything. */
  Schedules ANY = expression -> new Reading(Optional.empty(), Duration.ofDays(1));

  Reading read(String expression);

  /** Reading is why an expression is not a schedule, or the shortest time between two of its firings. */
  record Reading(Optional<String> invalid, Duration shortestGap) {}
}

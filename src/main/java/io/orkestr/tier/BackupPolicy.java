package io.orkestr.tier;

import java.time.Duration;
import java.util.Objects;

/** BackupPolicy is what a plan allows for backups: manual ones per day, automatic ones, how long they are kept. */
public record BackupPolicy(int manualPerDay, boolean automatic, Duration retention, Duration minInterval) {
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofHours(1);
  public static final BackupPolicy NONE = new BackupPolicy(0, false, Duration.ZERO, DEFAULT_MIN_INTERVAL);

  public BackupPolicy {
    Objects.requireNonNull(retention);
    Objects.requireNonNull(minInterval);
  }
}

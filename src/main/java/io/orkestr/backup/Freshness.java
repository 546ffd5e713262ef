package io.orkestr.backup;

import io.orkestr.desired.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Freshness is how current an add-on's backups are: its last successful one, whether automatic
 * backups are on and a daemon schedules them, and whether the last success is older than the
 * schedule allows (overdue), so a schedule that stopped does not go unnoticed; with an off-site
 * store, the same of its off-site copies.
 */
public record Freshness(ResourceKey addon, boolean automatic, String schedule, Duration allowed, Optional<Instant> lastSuccess,
    boolean scheduled, boolean overdue, Optional<Offsite> offsite) {
  public Freshness {
    Objects.requireNonNull(addon);
    Objects.requireNonNull(schedule);
    Objects.requireNonNull(allowed);
    Objects.requireNonNull(lastSuccess);
    Objects.requireNonNull(offsite);
  }

  public Freshness(ResourceKey addon, boolean automatic, String schedule, Duration allowed, Optional<Instant> lastSuccess, boolean scheduled,
      boolean overdue) {
    this(addon, automatic, schedule, allowed, lastSuccess, scheduled, overdue, Optional.empty());
  }

  /**
   * Off-site copies: when the newest backup copied off-site was taken, how many successful backups
   * wait for their copy, whether the store answered, whether the newest copy is older than the
   * schedule allows (overdue), and whether copies are encrypted (encrypt: false says not).
   */
  public record Offsite(Optional<Instant> lastCopy, int pending, boolean reachable, boolean overdue, boolean encrypted) {
    public Offsite {
      Objects.requireNonNull(lastCopy);
    }
  }
}

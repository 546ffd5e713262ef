package io.orkestr.actual;

import io.orkestr.desired.ResourceKey;
import java.util.Objects;
import java.util.Optional;

/**
 * StorageUse is an add-on's storage as measured in its engine: Postgres's database size, Redis's
 * data set; the limit its plan sets (Postgres: storage; Redis: maxmemory); and whether orkestr has
 * made it read-only for apps. problem says why it could not be measured (not running, ...).
 */
public record StorageUse(ResourceKey addon, long usedBytes, long limitBytes, boolean readOnly, Optional<String> problem) {
  /** From this share of the limit, status warns. */
  public static final double WARNING = 0.8;

  public StorageUse {
    Objects.requireNonNull(addon);
    Objects.requireNonNull(problem);
  }

  public static StorageUse unknown(ResourceKey addon, long limitBytes, String why) {
    return new StorageUse(addon, 0, limitBytes, false, Optional.of(why));
  }

  public boolean isMeasured() {
    return problem.isEmpty();
  }

  public boolean isOver() {
    return isMeasured() && usedBytes > limitBytes;
  }

  public boolean isNearTheLimit() {
    return isMeasured() && usedBytes >= WARNING * limitBytes;
  }

  /** Measured, but a switch it needed failed: said in status. */
  public StorageUse withProblem(String why) {
    return new StorageUse(addon, usedBytes, limitBytes, readOnly, Optional.of(why));
  }

  public StorageUse withReadOnly(boolean now) {
    return new StorageUse(addon, usedBytes, limitBytes, now, problem);
  }
}

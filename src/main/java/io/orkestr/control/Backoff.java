package io.orkestr.control;

import java.time.Duration;

/**
 * Backoff is how long the loop waits before it retries a reconcile that failed: doubling from
 * {@code first} up to {@code cap}, like controller-runtime's per-item rate limiter (5 ms to 1000 s);
 * ours starts at a second because a reconcile is a whole manifest, not one object.
 */
public record Backoff(Duration first, Duration cap) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  /** The wait after the {@code failures}-th failure in a row (1 for the first). */
  public Duration after(int failures) {
    if (failures < 1) return Duration.ZERO;
    long factor = failures > 40 ? Long.MAX_VALUE : 1L << Math.min(failures - 1, 40);
    long millis = first.toMillis() > cap.toMillis() / factor ? cap.toMillis() : first.toMillis() * factor;
    return Duration.ofMillis(Math.min(millis, cap.toMillis()));
  }
}

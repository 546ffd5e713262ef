package io.orkestr.actual;

import java.time.Instant;
import java.util.Objects;

/**
 * MeasuredStorage is an add-on's storage as orkestr last measured it in its engine (status, apply,
 * the control plane's check): the bytes used, whether it was read-only for apps, and when. A plan
 * does not measure (it stays at a few Docker calls); it compares this with the plan's storage.
 */
public record MeasuredStorage(long usedBytes, boolean readOnly, Instant at) {
  public MeasuredStorage {
    Objects.requireNonNull(at);
  }
}

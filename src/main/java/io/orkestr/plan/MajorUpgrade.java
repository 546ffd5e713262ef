package io.orkestr.plan;

import java.util.Objects;

/**
 * MajorUpgrade says a replace moves a Postgres add-on's data to a newer major version: from the
 * volume holding the old major's data to a new one, through a dump and a restore; the old volume
 * is kept.
 */
public record MajorUpgrade(String engine, int fromMajor, int toMajor, String fromVolume, String toVolume) {
  public MajorUpgrade {
    Objects.requireNonNull(engine);
    Objects.requireNonNull(fromVolume);
    Objects.requireNonNull(toVolume);
  }
}

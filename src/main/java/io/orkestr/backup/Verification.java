package io.orkestr.backup;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Verification is the result of restoring a backup into a throwaway container and checking it. */
public record Verification(Instant at, boolean passed, Optional<String> failure) {
  public Verification {
    Objects.requireNonNull(at);
    Objects.requireNonNull(failure);
  }

  public static Verification passed(Instant at) {
    return new Verification(at, true, Optional.empty());
  }

  public static Verification failed(Instant at, String why) {
    return new Verification(at, false, Optional.of(why));
  }
}

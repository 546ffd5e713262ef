package io.orkestr.manifest;

import io.orkestr.tier.SleepPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * AddOnSleep is what an add-on's {@code sleep:} asks of its plan's idle sleep: nothing (the plan's
 * windows), {@code never}, or longer windows ({@code {stop_after: 2h}}); a shorter one is a
 * validation error (ManifestRules), so a manifest cannot make a plan's add-ons sleep sooner.
 */
public record AddOnSleep(boolean never, Optional<Duration> freezeAfter, Optional<Duration> stopAfter) {
  public static final AddOnSleep PLAN = new AddOnSleep(false, Optional.empty(), Optional.empty());
  public static final AddOnSleep NEVER = new AddOnSleep(true, Optional.empty(), Optional.empty());

  public AddOnSleep {
    Objects.requireNonNull(freezeAfter);
    Objects.requireNonNull(stopAfter);
  }

  /** The windows this add-on sleeps by, given its plan's; empty: it never sleeps. */
  public Optional<SleepPolicy> under(Optional<SleepPolicy> plan) {
    if (never || plan.isEmpty()) return Optional.empty();
    Duration freeze = freezeAfter.orElse(plan.get().freezeAfter());
    Duration stop = stopAfter.orElse(plan.get().stopAfter());
    // A longer freeze window than the plan's stop window moves the stop window with it.
    return Optional.of(new SleepPolicy(freeze, stop.compareTo(freeze) < 0 ? freeze : stop));
  }
}

package io.orkestr.render;

import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.Sleep;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.plan.PlannedChange;
import io.orkestr.tier.DurationText;
import java.time.Instant;
import java.util.Optional;

/**
 * SleepView is an add-on's idle sleep as status shows it: frozen or stopped since when, or, for an
 * awake add-on that may sleep, when it sleeps unless used again and the client that used it last
 * (the one keeping it awake). Read from the plan: Docker's state and orkestr's sleep record.
 */
record SleepView(String state, Optional<Instant> since, Optional<Instant> sleepsAt, Optional<Instant> lastUsed, Optional<String> keptAwakeBy,
    String policy) {
  /** The view of an add-on that may sleep, or empty (apps, add-ons that never sleep, missing ones). */
  static Optional<SleepView> of(PlannedChange c) {
    if (!(c.after().orElse(null) instanceof ContainerSpec spec) || spec.addOn().flatMap(a -> a.sleep()).isEmpty()) return Optional.empty();
    if (c.before().isEmpty() || !(c.before().get(0) instanceof ObservedContainer oc)) return Optional.empty();
    var policy = spec.addOn().get().sleep().get().policy();
    String windows = "freezes after " + DurationText.format(policy.freezeAfter()) + " idle, stops after " + DurationText.format(policy.stopAfter());
    Optional<Sleep> asleep = oc.asleep();
    if (asleep.isPresent()) {
      return Optional.of(new SleepView(asleep.get().stage().word(), Optional.of(asleep.get().since()), Optional.empty(), Optional.empty(),
          Optional.empty(), windows));
    }
    Optional<Instant> used = oc.sleep().filter(s -> s.stage() == Sleep.Stage.AWAKE).flatMap(Sleep::lastActivity);
    Optional<String> holder = oc.sleep().filter(s -> s.stage() == Sleep.Stage.AWAKE).flatMap(Sleep::holder);
    return Optional.of(new SleepView("awake", Optional.empty(), used.map(u -> u.plus(policy.freezeAfter())), used, holder, windows));
  }

  /** "frozen since 2026-12-06T20:11:02Z", "awake, sleeps at ... unless used (last used ... by 10.96.3.7 psql)". */
  String text() {
    if (!state.equals("awake")) return state + " since " + since.get();
    StringBuilder sb = new StringBuilder("awake");
    sleepsAt.ifPresentOrElse(t -> sb.append(", sleeps at ").append(t).append(" unless used"), () -> sb.append(", ").append(policy));
    lastUsed.ifPresent(t -> sb.append(" (last used at ").append(t).append(keptAwakeBy.map(h -> " by " + h).orElse("")).append(")"));
    return sb.toString();
  }
}

package io.orkestr.sleep;

import io.orkestr.actual.Sleep;
import io.orkestr.tier.SleepPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * IdlePolicy decides, as pure functions, when an add-on was last used and at which stage of sleep it
 * should be: awake until it has been idle for its freeze window, frozen until its stop window, then
 * stopped. A wake counts as use, so a woken add-on stays awake at least its freeze window.
 */
public final class IdlePolicy {
  private IdlePolicy() {}

  /** What is known of an add-on's use: when it was last used, and the counter of apps' work at the last probe (-1: not probed yet). */
  public record Use(Instant lastUsed, long counter, Optional<String> holder) {}

  /**
   * Folds a probe into what was known: used now if a session uses it or the counter moved since the
   * last probe (a session came and went between them); else as recent as the probe says. before is
   * empty at the first probe (a daemon that just started): then the probe's time counts as the last use.
   */
  public static Use observe(Optional<Use> before, Activity a, Instant now) {
    Instant last = before.map(Use::lastUsed).orElse(now);
    Optional<String> holder = before.flatMap(Use::holder);
    boolean moved = before.isPresent() && before.get().counter() >= 0 && a.counter() > before.get().counter();
    if (a.activeNow() > 0 || moved) {
      last = now;
      holder = a.holder().or(() -> before.flatMap(Use::holder));
    }
    if (a.lastUsed().isPresent() && a.lastUsed().get().isAfter(last)) {
      last = a.lastUsed().get().isAfter(now) ? now : a.lastUsed().get();
      holder = a.holder();
    }
    return new Use(last, a.counter(), holder);
  }

  /** Where an add-on idle since lastUsed should be now. */
  public static Sleep.Stage stage(SleepPolicy policy, Instant lastUsed, Instant now) {
    Duration idle = Duration.between(lastUsed, now);
    if (idle.compareTo(policy.stopAfter()) >= 0) return Sleep.Stage.STOPPED;
    if (idle.compareTo(policy.freezeAfter()) >= 0) return Sleep.Stage.FROZEN;
    return Sleep.Stage.AWAKE;
  }

  /** When an add-on idle since lastUsed next changes stage (freezes, or stops), unless used again. */
  public static Instant next(SleepPolicy policy, Instant lastUsed, Instant now) {
    Instant freeze = lastUsed.plus(policy.freezeAfter());
    return freeze.isAfter(now) ? freeze : lastUsed.plus(policy.stopAfter());
  }

  /**
   * How often to probe an awake add-on: a tenth of its freeze window, between a second and 30
   * seconds, so it freezes within a tenth of its window late, at most 30 s.
   */
  public static Duration probeEvery(SleepPolicy policy) {
    Duration tenth = policy.freezeAfter().dividedBy(10);
    if (tenth.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
    return tenth.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : tenth;
  }
}

package io.orkestr.sleep;

import java.time.Instant;
import java.util.Optional;

/**
 * Activity is one probe of whether apps use an add-on (see desired.SleepSpec): sessions using it
 * now, when an app's session last finished a command, a counter of apps' work that only grows while
 * they use it, and the client that used it last.
 */
public record Activity(int activeNow, Optional<Instant> lastUsed, long counter, Optional<String> holder) {
  /** Reads the idle probe's lines ("active N", "last MS", "counter N", "holder ADDRESS NAME"); empty if it is not that. */
  public static Optional<Activity> parse(String output) {
    Integer active = null;
    Long last = null;
    Long counter = null;
    String holder = null;
    for (String line : output.split("\n")) {
      String[] p = line.strip().split(" ", 2);
      if (p.length < 2) continue;
      try {
        switch (p[0]) {
          case "active": active = Integer.parseInt(p[1].strip()); break;
          case "last": last = Long.parseLong(p[1].strip()); break;
          case "counter": counter = Long.parseLong(p[1].strip()); break;
          case "holder": holder = p[1].strip(); break;
          default: break;
        }
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (active == null || last == null || counter == null) return Optional.empty();
    return Optional.of(new Activity(active, last > 0 ? Optional.of(Instant.ofEpochMilli(last)) : Optional.empty(), counter,
        Optional.ofNullable(holder).filter(h -> !h.isBlank())));
  }
}

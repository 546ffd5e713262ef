package io.orkestr.render;

import io.orkestr.backup.Freshness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** FreshnessText says how current each add-on's backups are, flagging overdue ones and schedules no daemon runs. */
public final class FreshnessText {
  private FreshnessText() {}

  public static String render(List<Freshness> all, Instant now, Style style) {
    if (all.isEmpty()) return "";
    StringBuilder sb = new StringBuilder("Backups:\n");
    for (Freshness f : all) {
      String addon = f.addon().owner() + "/" + f.addon().name();
      String last = f.lastSuccess().map(t -> "last success " + ago(Duration.between(t, now))).orElse("no successful backup yet");
      sb.append("  ").append(addon).append(": ");
      if (f.overdue()) {
        sb.append(style.red("backup overdue: " + last + ", schedule " + every(f.allowed())));
      } else if (f.automatic() && !f.scheduled()) {
        sb.append(style.yellow("automatic backups are on, but no orkestr serve -f schedules them")).append("; ").append(last);
      } else {
        sb.append(last).append(f.automatic() ? "; automatic, " + every(f.allowed()) + " (" + f.schedule() + " UTC), scheduled by orkestr serve"
            : "; manual only");
      }
      f.offsite().ifPresent(o -> sb.append("; ").append(offsite(o, now, style)).append(o.encrypted() ? "" : style.yellow(", unencrypted")));
      sb.append('\n');
    }
    return sb.toString();
  }

  /** "off-site: last copy 3 hours ago", with what waits for its copy, or that the store did not answer. */
  static String offsite(Freshness.Offsite o, Instant now, Style style) {
    String last = o.lastCopy().map(t -> "off-site: newest copy " + ago(Duration.between(t, now))).orElse("off-site: no copy yet");
    if (!o.reachable()) return style.red(last + ", the store does not answer");
    String waiting = o.pending() == 0 ? "" : ", " + o.pending() + " waiting for their copy";
    return o.overdue() ? style.red("off-site copy overdue: " + last.substring("off-site: ".length()) + waiting) : o.pending() > 0
        ? style.yellow(last + waiting) : last;
  }

  /** "2 days ago", "3 hours ago", "5 minutes ago". */
  static String ago(Duration d) {
    if (d.toDays() >= 2) return d.toDays() + " days ago";
    if (d.toHours() >= 2) return d.toHours() + " hours ago";
    if (d.toMinutes() >= 2) return d.toMinutes() + " minutes ago";
    return "just now";
  }

  /** A schedule's allowed age (its longest gap plus an hour's grace) in words: daily, hourly, weekly. */
  static String every(Duration allowed) {
    long hours = allowed.minusHours(1).toHours();
    if (hours == 24) return "daily";
    if (hours == 1) return "hourly";
    if (hours == 24 * 7) return "weekly";
    return hours % 24 == 0 ? "every " + hours / 24 + " days" : "every " + hours + " hours";
  }
}

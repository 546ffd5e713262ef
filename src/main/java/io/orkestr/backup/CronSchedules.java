package io.orkestr.backup;

import io.orkestr.desired.ResourceKey;
import io.orkestr.manifest.Schedules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * CronSchedules reads backup schedules with Quartz's own cron parser, in UTC: whether an expression
 * is one, how often it fires at its closest and at its farthest, and the default schedule of an
 * add-on (daily, at a time between 01:00 and 05:59 derived from its name, so a hundred add-ons do not
 * all start at 03:00).
 */
public final class CronSchedules implements Schedules {
  public static final CronSchedules INSTANCE = new CronSchedules();
  /** Firings looked at from a fixed point, enough for a year of the common schedules. */
  private static final int FIRINGS = 800;
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

  private CronSchedules() {}

  @Override
  public Reading read(String expression) {
    try {
      return new Reading(Optional.empty(), gaps(expression)[0]);
    } catch (ParseException e) {
      return new Reading(Optional.of("must be a Quartz cron expression such as \"0 0 3 * * ?\" (seconds minutes hours day-of-month month"
          + " day-of-week, UTC): " + e.getMessage()), Duration.ZERO);
    }
  }

  /** The longest time between two firings: a backup older than that (and a grace) is overdue. */
  public Duration longestGap(String expression) {
    try {
      return gaps(expression)[1];
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a cron expression: " + expression, e);
    }
  }

  /** The add-on's schedule: the manifest's, or daily at a time derived from its key. */
  public String scheduleOf(ResourceKey addon, Optional<String> given) {
    return given.orElseGet(() -> defaultFor(addon));
  }

  static String defaultFor(ResourceKey addon) {
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest(addon.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    int hour = 1 + (h[0] & 0xff) % 5;
    int minute = (h[1] & 0xff) % 60;
    return "0 " + minute + " " + hour + " * * ?";
  }

  /** The next firing after a time, or empty if it never fires again. */
  public Optional<Instant> nextAfter(String expression, Instant after) {
    try {
      Date next = cron(expression).getNextValidTimeAfter(Date.from(after));
      return Optional.ofNullable(next).map(Date::toInstant);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a cron expression: " + expression, e);
    }
  }

  static CronExpression cron(String expression) throws ParseException {
    CronExpression cron = new CronExpression(expression);
    cron.setTimeZone(TimeZone.getTimeZone("UTC"));
    return cron;
  }

  private static Duration[] gaps(String expression) throws ParseException {
    CronExpression cron = cron(expression);
    Date previous = cron.getNextValidTimeAfter(Date.from(FROM));
    if (previous == null) throw new ParseException("it never fires", 0);
    Duration shortest = null;
    Duration longest = Duration.ZERO;
    for (int i = 0; i < FIRINGS; i++) {
      Date next = cron.getNextValidTimeAfter(previous);
      if (next == null) break;
      Duration gap = Duration.between(previous.toInstant(), next.toInstant());
      if (shortest == null || gap.compareTo(shortest) < 0) shortest = gap;
      if (gap.compareTo(longest) > 0) longest = gap;
      previous = next;
    }
    if (shortest == null) shortest = Duration.ofDays(365);
    return new Duration[] {shortest, longest.isZero() ? Duration.ofDays(365) : longest};
  }
}

package io.orkestr.tier;

import java.time.Duration;

/** DurationText parses and prints durations written like {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}. */
public final class DurationText {
  private DurationText() {}

  public static Duration parse(String text) {
    String s = text.trim();
    if (s.length() < 2) throw new IllegalArgumentException("not a duration: " + text);
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    switch (s.charAt(s.length() - 1)) {
      case 's': return Duration.ofSeconds(n);
      case 'm': return Duration.ofMinutes(n);
      case 'h': return Duration.ofHours(n);
      case 'd': return Duration.ofDays(n);
      default: throw new IllegalArgumentException("not a duration: " + text);
    }
  }

  /** The shortest exact spelling: 900s -> "15m", 7 days -> "7d", zero -> "0s". */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s == 0) return "0s";
    if (s % 86400 == 0) return s / 86400 + "d";
    if (s % 3600 == 0) return s / 3600 + "h";
    if (s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }
}

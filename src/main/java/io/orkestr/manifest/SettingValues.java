package io.orkestr.manifest;

/** SettingValues reads engine setting values the way Postgres does: sizes in kB, MB, GB and TB (a bare number is kB). */
public final class SettingValues {
  private SettingValues() {}

  /** "8MB" -> 8388608; "512" -> 524288 (kB, as Postgres reads a bare number). */
  public static long bytes(String size) {
    String[] units = {"TB", "GB", "MB", "kB"};
    long[] factors = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
    for (int i = 0; i < units.length; i++) {
      if (size.endsWith(units[i])) return Long.parseLong(size.substring(0, size.length() - 2)) * factors[i];
    }
    return Long.parseLong(size) << 10;
  }

  /** The largest Postgres unit that states a size exactly: 67108864 -> "64MB", 2228224 -> "2176kB". */
  public static String postgresSize(long bytes) {
    String[] units = {"TB", "GB", "MB", "kB"};
    long[] factors = {1L << 40, 1L << 30, 1L << 20, 1L << 10};
    for (int i = 0; i < units.length; i++) {
      if (bytes >= factors[i] && bytes % factors[i] == 0) return bytes / factors[i] + units[i];
    }
    return Math.max(1, bytes >> 10) + "kB";
  }
}

package io.orkestr.tier;

import java.math.BigDecimal;

/** ByteSize parses and prints sizes written like Kubernetes quantities: {@code 256Mi}, {@code 1Gi}, {@code 1.5Gi}. */
public final class ByteSize {
  private static final String[] UNITS = {"", "Ki", "Mi", "Gi", "Ti"};

  private ByteSize() {}

  public static long parse(String text) {
    String s = text.trim();
    int unit = 0;
    for (int i = UNITS.length - 1; i > 0; i--) {
      if (s.endsWith(UNITS[i])) {
        unit = i;
        s = s.substring(0, s.length() - 2);
        break;
      }
    }
    BigDecimal bytes = new BigDecimal(s).multiply(BigDecimal.valueOf(1L << (10 * unit)));
    return bytes.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
  }

  /** The largest unit that prints without losing much: 268435456 -> "256 MiB", 1610612736 -> "1.5 GiB". */
  public static String format(long bytes) {
    for (int i = UNITS.length - 1; i > 0; i--) {
      long unit = 1L << (10 * i);
      if (bytes >= unit) {
        BigDecimal v = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(unit), 2, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return v.toPlainString() + " " + UNITS[i] + "B";
      }
    }
    return bytes + " B";
  }

  /** The manifest spelling: 268435456 -> "256Mi". */
  public static String quantity(long bytes) {
    for (int i = UNITS.length - 1; i > 0; i--) {
      long unit = 1L << (10 * i);
      if (bytes >= unit && bytes % unit == 0) return (bytes / unit) + UNITS[i];
    }
    return Long.toString(bytes);
  }
}

package io.orkestr.sleep;

/** Subnets reads IPv4 subnets written as CIDR ("10.96.3.0/24"). */
public final class Subnets {
  private Subnets() {}

  /** The gateway Docker gives a network whose subnet orkestr chose (it sets none): the subnet's first address. */
  public static String gateway(String cidr) {
    long base = address(cidr.substring(0, cidr.indexOf('/'))) & mask(cidr);
    return text(base + 1);
  }

  /** Whether the address is in the subnet. */
  public static boolean contains(String cidr, String address) {
    return (address(address) & mask(cidr)) == (address(cidr.substring(0, cidr.indexOf('/'))) & mask(cidr));
  }

  /**
   * The highest address of the subnet that is not taken (nor its broadcast address): Docker hands out
   * addresses from the bottom, so one chosen from the top seldom meets them.
   */
  public static String freeFromTop(String cidr, java.util.Set<String> taken) {
    long base = address(cidr.substring(0, cidr.indexOf('/'))) & mask(cidr);
    long size = (~mask(cidr) & 0xFFFFFFFFL) + 1;
    for (long a = base + size - 2; a > base + 1; a--) {
      if (!taken.contains(text(a))) return text(a);
    }
    throw new IllegalStateException("no free address in " + cidr);
  }

  private static long mask(String cidr) {
    int bits = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    return bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
  }

  private static long address(String ip) {
    String[] p = ip.split("\\.");
    if (p.length != 4) throw new IllegalArgumentException("not an IPv4 address: " + ip);
    long a = 0;
    for (String part : p) a = a << 8 | Integer.parseInt(part);
    return a;
  }

  private static String text(long a) {
    return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
  }
}

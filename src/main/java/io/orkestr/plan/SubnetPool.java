package io.orkestr.plan;

import io.orkestr.desired.ResourceKey;
import io.orkestr.error.UserError;
import java.util.Collection;
import java.util.Optional;

/**
 * SubnetPool hands out a subnet to every network orkestr creates, carved from one range
 * (default 10.96.0.0/11 in /24s, ORKESTR_SUBNET_POOL), skipping any subnet another network on the
 * engine overlaps. Docker's default pools run out after about 30 networks; this one holds 8192.
 * The first choice is derived from the network's key, so a recreated project gets its old subnet back.
 */
public record SubnetPool(long base, int prefix, int subnetPrefix) {
  public static final String DEFAULT = "10.96.0.0/11";

  public static SubnetPool parse(String cidr) {
    try {
      String[] parts = cidr.trim().split("/");
      int prefix = Integer.parseInt(parts[1]);
      long base = ipv4(parts[0]);
      if (prefix < 8 || prefix > 24) throw new IllegalArgumentException("prefix");
      long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
      return new SubnetPool(base & mask, prefix, 24);
    } catch (RuntimeException e) {
      throw new UserError("subnet pool \"" + cidr + "\" is not an IPv4 range between /8 and /24",
          "set ORKESTR_SUBNET_POOL to a range such as " + DEFAULT);
    }
  }

  public long size() {
    return 1L << (subnetPrefix - prefix);
  }

  /** A free subnet for the key, or empty when every one overlaps a used subnet. */
  public Optional<String> allocate(ResourceKey key, Collection<String> used) {
    long n = size();
    long start = Math.floorMod((long) key.toString().hashCode(), n);
    for (long i = 0; i < n; i++) {
      long candidate = base + (((start + i) % n) << (32 - subnetPrefix));
      if (used.stream().noneMatch(u -> overlaps(candidate, subnetPrefix, u))) {
        return Optional.of(format(candidate) + "/" + subnetPrefix);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return format(base) + "/" + prefix;
  }

  static boolean overlaps(long net, int prefix, String cidr) {
    if (cidr.contains(":")) return false; // IPv6
    String[] parts = cidr.split("/");
    long other;
    try {
      other = ipv4(parts[0]);
    } catch (RuntimeException e) {
      return false;
    }
    int otherPrefix = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
    int common = Math.min(prefix, otherPrefix);
    long mask = common == 0 ? 0 : (0xFFFFFFFFL << (32 - common)) & 0xFFFFFFFFL;
    return (net & mask) == (other & mask);
  }

  static long ipv4(String text) {
    String[] octets = text.split("\\.");
    if (octets.length != 4) throw new IllegalArgumentException(text);
    long v = 0;
    for (String o : octets) {
      int b = Integer.parseInt(o);
      if (b < 0 || b > 255) throw new IllegalArgumentException(text);
      v = (v << 8) | b;
    }
    return v;
  }

  static String format(long ip) {
    return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
  }
}

package io.orkestr.manifest;

/** PortMapping publishes a container port on the host: {@code [address:]host:container[/protocol]}. */
public record PortMapping(String hostAddress, int hostPort, int containerPort, String protocol) {
  /** Parses a mapping the schema already accepted; the address defaults to loopback. */
  public static PortMapping parse(String text) {
    String protocol = "tcp";
    String s = text;
    int slash = s.indexOf('/');
    if (slash >= 0) {
      protocol = s.substring(slash + 1);
      s = s.substring(0, slash);
    }
    String[] parts = s.split(":");
    String address = parts.length == 3 ? parts[0] : "127.0.0.1";
    int host = Integer.parseInt(parts[parts.length - 2]);
    int container = Integer.parseInt(parts[parts.length - 1]);
    return new PortMapping(address, host, container, protocol);
  }

  /** What is wrong with a mapping the schema's pattern accepted: ports outside 1-65535, an address that is no IPv4 address. */
  public static java.util.List<String> problems(PortMapping m) {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (!isIpv4(m.hostAddress())) out.add(m.hostAddress() + " is not an IPv4 address");
    if (m.hostPort() < 1 || m.hostPort() > 65535) out.add("host port " + m.hostPort() + " is out of range (1-65535)");
    if (m.containerPort() < 1 || m.containerPort() > 65535) out.add("container port " + m.containerPort() + " is out of range (1-65535)");
    return out;
  }

  private static boolean isIpv4(String address) {
    String[] octets = address.split("\\.", -1);
    if (octets.length != 4) return false;
    for (String o : octets) {
      if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(Character::isDigit) || Integer.parseInt(o) > 255) return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return hostAddress + ":" + hostPort + ":" + containerPort + "/" + protocol;
  }
}

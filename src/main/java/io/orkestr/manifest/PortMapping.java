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

  @Override
  public String toString() {
    return hostAddress + ":" + hostPort + ":" + containerPort + "/" + protocol;
  }
}

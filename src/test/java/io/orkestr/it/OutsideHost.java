package io.orkestr.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * OutsideHost is a stand-in for "the outside world": a network namespace joined to the host by a
 * veth pair, with a TCP listener in it. Traffic from containers to it is forwarded by the host,
 * like traffic to the internet (unlike traffic to the host's own addresses, which Docker's
 * internal networks do not stop). Needs root and iproute2.
 */
final class OutsideHost implements AutoCloseable {
  static final int PORT = 9099;
  private final String ns;
  private final String hostSide;
  private final String address;
  private final Process listener;

  OutsideHost() throws IOException, InterruptedException {
    int n = ThreadLocalRandom.current().nextInt(1, 250);
    ns = "orkestr-it-out-" + n;
    hostSide = "okit" + n;
    String peer = "okitp" + n;
    // 198.18.0.0/15 is reserved for benchmarks; check this machine uses no part of it before borrowing a /30.
    String prefix = "198.18." + n + ".";
    String inUse = shOut("ip -4 addr; ip -4 route");
    if (inUse.contains("198.18.") || inUse.contains("198.19.")) throw new IllegalStateException("198.18.0.0/15 is in use here:\n" + inUse);
    String hostAddr = prefix + "1/30";
    address = prefix + "2";
    sh("ip netns add " + ns);
    sh("ip link add " + hostSide + " type veth peer name " + peer);
    sh("ip link set " + peer + " netns " + ns);
    sh("ip addr add " + hostAddr + " dev " + hostSide + " && ip link set " + hostSide + " up");
    sh("ip netns exec " + ns + " sh -c 'ip addr add " + address + "/30 dev " + peer + " && ip link set " + peer
        + " up && ip link set lo up && ip route add default via " + prefix + "1'");
    Path source = Files.createTempFile("orkestr-listener", ".java");
    Files.writeString(source, """
        public class Listener {
          public static void main(String[] a) throws Exception {
            try (var s = new java.net.ServerSocket(Integer.parseInt(a[1]), 50, java.net.InetAddress.getByName(a[0]))) {
              System.out.println("listening");
              while (true) s.accept().close();
            }
          }
        }
        """, StandardCharsets.UTF_8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    listener = new ProcessBuilder("ip", "netns", "exec", ns, java, source.toString(), address, Integer.toString(PORT))
        .redirectErrorStream(true).start();
    String first = new String(listener.getInputStream().readNBytes(10), StandardCharsets.UTF_8);
    if (!first.startsWith("listening")) throw new IllegalStateException("listener in " + ns + " did not start: " + first);
  }

  /** "198.18.n.2 9099", for nc. */
  String target() {
    return address + " " + PORT;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    sh("ip link del " + hostSide + " 2>/dev/null; ip netns del " + ns + " 2>/dev/null; true");
  }

  private static void sh(String command) throws IOException, InterruptedException {
    shOut(command);
  }

  private static String shOut(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of("sh", "-c", command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException(command + " failed: " + out);
    return out;
  }
}

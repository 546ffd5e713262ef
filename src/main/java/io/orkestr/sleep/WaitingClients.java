package io.orkestr.sleep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * WaitingClients tells whether a frozen add-on has a client waiting, from what the host's kernel
 * shows of its network namespace: a paused engine's kernel still completes a client's handshake and
 * queues its bytes, so a connection there is a client the diversion did not see (one on the
 * engine's host). No process runs in the container to find out.
 *
 * <p>Two readings, by cost: the namespace's TCP counters ({@code /proc/PID/net/snmp}, tens of
 * microseconds) tell that a connection was accepted since a baseline, cheap enough to read often;
 * its socket table ({@code /proc/PID/net/tcp}, about a millisecond, as the kernel walks every
 * bucket of the host's connection table) tells that one waits now, read once when a freeze is
 * first seen (a client may have come between the pause and the baseline).
 */
public final class WaitingClients {
  private static final String LISTEN = "0A";
  private static final String ESTABLISHED = "01";

  private WaitingClients() {}

  /** Connections the namespace of the process pid has accepted so far (TCP PassiveOpens); empty if it cannot be read. */
  public static OptionalLong accepted(long pid) {
    return accepted(read(pid, "snmp"));
  }

  /** PassiveOpens from the text of /proc/net/snmp: its "Tcp:" lines are a header of names and a row of values. */
  static OptionalLong accepted(String snmp) {
    String[] names = null;
    for (String line : snmp.split("\n")) {
      if (!line.startsWith("Tcp:")) continue;
      String[] f = line.strip().split("\\s+");
      if (names == null) {
        names = f;
        continue;
      }
      for (int i = 1; i < Math.min(names.length, f.length); i++) {
        if (names[i].equals("PassiveOpens")) return OptionalLong.of(Long.parseLong(f[i]));
      }
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /** Whether a client waits on the port in the namespace of the process pid now (false if it cannot be read). */
  public static boolean waiting(long pid, int port) {
    return waiting(read(pid, "tcp"), port) || waiting(read(pid, "tcp6"), port);
  }

  /** Whether the table (the text of /proc/net/tcp) shows a connection to accept, or one with bytes unread, on the port. */
  static boolean waiting(String table, int port) {
    String hexPort = String.format(":%04X", port);
    for (String line : table.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 5 || !f[1].endsWith(hexPort)) continue;
      String[] queues = f[4].split(":");
      if (queues.length != 2) continue;
      boolean queued = Long.parseLong(queues[1], 16) > 0;
      if (queued && (f[3].equals(LISTEN) || f[3].equals(ESTABLISHED))) return true;
    }
    return false;
  }

  private static String read(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "net", file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }
}

package io.orkestr.sleep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * WaitingClients tells whether a frozen add-on has a client waiting, from its network namespace's
 * socket table on the host ({@code /proc/PID/net/tcp}): a paused engine's kernel still completes a
 * client's handshake and queues its bytes, so a listening socket with connections to accept, or a
 * connection with bytes unread, is a client the diversion did not see (one on the engine's host, or
 * a connection that was open before it froze). No process runs in the container to find out.
 */
public final class WaitingClients {
  private static final String LISTEN = "0A";
  private static final String ESTABLISHED = "01";

  private WaitingClients() {}

  /** Whether a client waits on the port in the namespace of the process pid (false if it cannot be read). */
  public static boolean waiting(long pid, int port) {
    return waiting(read(pid, "tcp"), port) || waiting(read(pid, "tcp6"), port);
  }

  /** Whether the table (the text of /proc/net/tcp) shows a client waiting on the port. */
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

  private static String read(long pid, String table) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "net", table), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "";
    }
  }
}

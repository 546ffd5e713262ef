package io.orkestr.sleep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * EngineAnswers tells, from orkestr's own process over the network, whether a waking add-on's
 * engine would answer a client now: an open port is not a ready engine (Postgres answers "the
 * database system is starting up", Redis "-LOADING" for a while). It speaks each protocol's first
 * exchange, which costs a connection, not a process in the container as a docker exec does: a
 * Postgres that asks a client to authenticate (rather than refusing it) accepts queries; a Redis
 * that answers PING after orkestr's AUTH has its data loaded.
 */
final class EngineAnswers {
  private static final Duration SOCKET = Duration.ofSeconds(2);

  private EngineAnswers() {}

  /** Null when the engine answers; otherwise what it said instead (or why it could not be asked). */
  static String check(String engine, String address, int port, String adminPassword) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), (int) SOCKET.toMillis());
      s.setSoTimeout((int) SOCKET.toMillis());
      return engine.equals("postgres") ? postgres(s) : redis(s, adminPassword);
    } catch (IOException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** A startup packet as orkestr's role: an authentication request back means the server takes connections. */
  private static String postgres(Socket s) throws IOException {
    byte[] params = "user\0orkestr\0database\0postgres\0application_name\0orkestr-wake\0\0".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + params.length);
    b.putInt(8 + params.length).putInt(196608).put(params);
    OutputStream out = s.getOutputStream();
    out.write(b.array());
    out.flush();
    InputStream in = s.getInputStream();
    int type = in.read();
    if (type == 'R') return null;
    if (type != 'E') return "unexpected answer " + type;
    byte[] rest = in.readNBytes(4);
    int length = ByteBuffer.wrap(rest).getInt();
    String fields = new String(in.readNBytes(Math.max(0, Math.min(length - 4, 4096))), StandardCharsets.UTF_8);
    for (String f : fields.split("\0")) if (f.startsWith("M")) return f.substring(1);
    return "an error";
  }

  private static String redis(Socket s, String adminPassword) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("AUTH orkestr " + adminPassword + "\r\nPING\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = s.getInputStream();
    String auth = line(in);
    String ping = line(in);
    if (ping.equals("+PONG")) return null;
    return auth.startsWith("-") ? auth.substring(1) : ping.startsWith("-") ? ping.substring(1) : "unexpected answer " + ping;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) != -1 && c != '\n'; ) if (c != '\r') sb.append((char) c);
    return sb.toString();
  }
}

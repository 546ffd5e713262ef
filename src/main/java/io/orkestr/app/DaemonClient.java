package io.orkestr.app;

import io.orkestr.daemon.CliProtocol;
import io.orkestr.http.ChunkedInputStream;
import io.orkestr.http.HttpLines;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * DaemonClient hands a command line to a running {@code orkestr serve} and relays its output and exit
 * code, so the command skips the JVM's start-up and warm-up. It uses only the JDK (no picocli, Jackson or
 * Vert.x): its whole point is to start fast. When there is no daemon, or one of another build, it
 * returns null before anything ran, and the command runs in this process.
 */
final class DaemonClient {
  private final Path socket;
  private final String buildId;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile String invocation;

  private DaemonClient(Path socket, String buildId) {
    this.socket = socket;
    this.buildId = buildId;
  }

  /** The command's exit code, or null when it was not run by a daemon (and should run here). */
  static Integer run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String mode = env.getOrDefault("ORKESTR_DAEMON", "").toLowerCase(Locale.ROOT);
    if (mode.equals("off") || mode.equals("0") || mode.equals("false")) return null;
    boolean terminal = System.console() != null;
    if (!CliProtocol.forwardable(Arrays.asList(args), terminal)) return null;
    Path socket = socketOf(env);
    if (socket == null || !Files.exists(socket)) return null;
    return new DaemonClient(socket, CliProtocol.buildId()).run(args, env, terminal, out, err);
  }

  static Path socketOf(Map<String, String> env) {
    return CliProtocol.socketPath(CliProtocol.home(env, Path.of("")));
  }

  private Integer run(String[] args, Map<String, String> env, boolean terminal, PrintStream out, PrintStream err) {
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      return null;  // a socket file left by a daemon that was killed
    }
    Thread interrupt = new Thread(new Interrupter(channel), "orkestr-client-interrupt");
    Runtime.getRuntime().addShutdownHook(interrupt);
    try (channel) {
      OutputStream request = Channels.newOutputStream(channel);
      request.write(request(args, env, terminal));
      request.flush();
      InputStream response = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
      if (!readHead(response)) return null;
      return relay(new DataInputStream(new ChunkedInputStream(response, "the daemon")), out, err);
    } catch (IOException e) {
      if (invocation == null) return null;  // the daemon took nothing: run it here
      err.println("orkestr: the daemon (" + socket + ") stopped before the command finished; run it again");
      return 1;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(interrupt);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs: it waits for done, which is now counted down
      }
    }
  }

  private byte[] request(String[] args, Map<String, String> env, boolean terminal) {
    StringBuilder json = new StringBuilder("{\"args\":[");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) json.append(',');
      Json.string(json, args[i]);
    }
    json.append("],\"cwd\":");
    Json.string(json, Path.of("").toAbsolutePath().toString());
    json.append(",\"terminal\":").append(terminal).append(",\"env\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!CliProtocol.forwardedVariable(e.getKey())) continue;
      if (!first) json.append(',');
      first = false;
      Json.string(json, e.getKey());
      json.append(':');
      Json.string(json, e.getValue());
    }
    byte[] body = json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    String head = "POST " + CliProtocol.RUN_PATH + " HTTP/1.1\r\nHost: orkestr\r\nContent-Type: application/json\r\n"
        + CliProtocol.BUILD_HEADER + ": " + buildId + "\r\nContent-Length: " + body.length + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** Reads the status line and headers; false unless the daemon took the command (200). */
  private boolean readHead(InputStream in) throws IOException {
    String status = HttpLines.read(in, "the daemon");
    boolean accepted = status.startsWith("HTTP/1.1 200");
    for (String line = HttpLines.read(in, "the daemon"); !line.isEmpty(); line = HttpLines.read(in, "the daemon")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(CliProtocol.INVOCATION_HEADER)) {
        invocation = line.substring(colon + 1).trim();
      }
    }
    return accepted;
  }

  private static int relay(DataInputStream in, PrintStream out, PrintStream err) throws IOException {
    while (true) {
      byte kind = in.readByte();
      byte[] payload = new byte[in.readInt()];
      in.readFully(payload);
      if (kind == CliProtocol.EXIT) {
        out.flush();
        err.flush();
        return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
      }
      if (kind == CliProtocol.KEEPALIVE) continue;
      PrintStream to = kind == CliProtocol.STDERR ? err : out;
      to.write(payload, 0, payload.length);
      to.flush();
    }
  }

  /** The shutdown hook (a class, not a lambda: a lambda's first use costs the client start-up time). */
  private final class Interrupter implements Runnable {
    private final SocketChannel channel;

    Interrupter(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void run() {
      interrupt(channel);
    }
  }

  /**
   * Ctrl-C: ask the daemon to interrupt the command, as Ctrl-C would in-process (an apply lets its changes
   * in progress finish), and keep relaying until it ends; the process then exits 130.
   */
  private void interrupt(SocketChannel channel) {
    String id = invocation;
    if (id == null) {
      try {
        channel.close();  // the daemon takes the hang-up as the interrupt
      } catch (IOException ignored) {
        // closing anyway
      }
      return;
    }
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      String request = "POST " + CliProtocol.RUN_PATH + "/" + id + CliProtocol.INTERRUPT_SUFFIX
          + " HTTP/1.1\r\nHost: orkestr\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      Channels.newOutputStream(c).write(request.getBytes(StandardCharsets.US_ASCII));
      HttpLines.read(Channels.newInputStream(c), "the daemon");
      done.await(65, TimeUnit.SECONDS);
    } catch (IOException e) {
      // the daemon is gone, and so is the command
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

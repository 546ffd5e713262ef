package io.orkestr.daemon;

import io.orkestr.error.UserError;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DaemonServer is {@code orkestr serve}'s HTTP server: it listens on a Unix socket that only its user
 * may open (mode 0600) and runs the command lines thin clients send it ({@link CliRoute}).
 */
public final class DaemonServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DaemonServer.class);
  /** Commands at once; more wait for a thread. An apply holds one for its whole run. */
  private static final int COMMAND_THREADS = 16;

  private final Path socket;
  private final Vertx vertx;
  private final WorkerExecutor commands;
  private final HttpServer server;

  private DaemonServer(Path socket, Vertx vertx, WorkerExecutor commands, HttpServer server) {
    this.socket = socket;
    this.vertx = vertx;
    this.commands = commands;
    this.server = server;
  }

  /** Starts listening on {@code socket}, replacing a stale socket file but never a live daemon. */
  public static DaemonServer start(Path socket, CliRunner runner, String buildId) {
    if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
      throw new UserError("the socket path " + socket + " is longer than a Unix socket allows (107 bytes)", "pass a shorter --socket");
    }
    Path dir = socket.toAbsolutePath().getParent();
    try {
      // owner-only: under the temporary directory, no other user may place or read a socket here
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      String owner = Files.getOwner(dir).getName();
      if (!owner.equals(System.getProperty("user.name"))) throw new IOException("it belongs to " + owner);
    } catch (IOException e) {
      throw new UserError("cannot create " + dir + ": " + e.getMessage());
    }
    if (Files.exists(socket)) {
      if (answers(socket)) throw new UserError("orkestr serve is already running on " + socket, "stop it first, or pass --socket");
      try {
        Files.delete(socket);  // left by a daemon that was killed
      } catch (IOException e) {
        throw new UserError("cannot remove the stale socket " + socket + ": " + e.getMessage());
      }
    }
    // A command may legitimately run for many minutes (an apply waiting for databases): no blocked-thread warnings.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setMaxWorkerExecuteTime(1).setMaxWorkerExecuteTimeUnit(TimeUnit.DAYS));
    WorkerExecutor commands = vertx.createSharedWorkerExecutor("orkestr-command", COMMAND_THREADS, 1, TimeUnit.DAYS);
    CliRoute cli = new CliRoute(vertx, commands, runner, buildId);
    HttpServer server = vertx.createHttpServer().requestHandler(request -> route(request, cli));
    try {
      server.listen(SocketAddress.domainSocketAddress(socket.toString())).await(30, TimeUnit.SECONDS);
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (Exception e) {
      vertx.close();
      throw new UserError("cannot listen on " + socket + ": " + e.getMessage());
    }
    log.info("listening on unix:{}", socket);
    return new DaemonServer(socket, vertx, commands, server);
  }

  private static void route(HttpServerRequest request, CliRoute cli) {
    String path = request.path();
    if (request.method() == HttpMethod.POST && path.equals(CliProtocol.RUN_PATH)) {
      cli.run(request);
    } else if (request.method() == HttpMethod.POST && path.startsWith(CliProtocol.RUN_PATH + "/")
        && path.endsWith(CliProtocol.INTERRUPT_SUFFIX)) {
      cli.interrupt(request, path.substring(CliProtocol.RUN_PATH.length() + 1, path.length() - CliProtocol.INTERRUPT_SUFFIX.length()));
    } else {
      request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "no such resource: " + request.method() + " " + path).encode());
    }
  }

  /** Whether a daemon answers on the socket. */
  static boolean answers(Path socket) {
    try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public Path socket() {
    return socket;
  }

  /** Stops listening, lets Vert.x close, and removes the socket file. Commands still running are abandoned. */
  @Override
  public void close() {
    try {
      server.close().await(10, TimeUnit.SECONDS);
      commands.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("closing the daemon: {}", e.toString());
    } finally {
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        log.warn("cannot remove {}: {}", socket, e.toString());
      }
    }
  }
}

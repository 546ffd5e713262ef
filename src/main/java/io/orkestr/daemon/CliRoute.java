package io.orkestr.daemon;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CliRoute runs a client's command line ({@code POST /v1/cli}) on a worker thread and streams its
 * stdout, stderr and exit code back as frames; {@code POST /v1/cli/<id>/interrupt} is the client's
 * Ctrl-C. A client that goes away interrupts its command the same way.
 */
final class CliRoute {
  private static final Logger log = LoggerFactory.getLogger(CliRoute.class);
  private static final long KEEPALIVE_MS = 1000;

  private final Vertx vertx;
  private final WorkerExecutor commands;
  private final CliRunner runner;
  private final String buildId;
  private final Map<String, HangUp> running = new ConcurrentHashMap<>();

  CliRoute(Vertx vertx, WorkerExecutor commands, CliRunner runner, String buildId) {
    this.vertx = vertx;
    this.commands = commands;
    this.runner = runner;
    this.buildId = buildId;
  }

  void run(HttpServerRequest request) {
    if (!buildId.equals(request.getHeader(CliProtocol.BUILD_HEADER))) {
      // Another build of orkestr: its client runs the command itself rather than trust this daemon's code.
      error(request.response(), 409, "the daemon runs another build of orkestr (" + buildId + "); restart orkestr serve");
      return;
    }
    request.body().onFailure(e -> error(request.response(), 400, "cannot read the request: " + e.getMessage())).onSuccess(body -> {
      CliInvocation invocation;
      try {
        invocation = CliInvocation.fromJson(body.toJsonObject());
      } catch (RuntimeException e) {
        error(request.response(), 400, "not a command line: " + e.getMessage());
        return;
      }
      if (!CliProtocol.forwardable(invocation.args(), invocation.terminal())) {
        error(request.response(), 400, "the daemon does not run `" + invocation.command() + "` for a client: run it in its own process");
        return;
      }
      stream(request.response(), invocation);
    });
  }

  private void stream(HttpServerResponse response, CliInvocation invocation) {
    String id = UUID.randomUUID().toString();
    HangUp hangUp = new HangUp();
    running.put(id, hangUp);
    Context context = vertx.getOrCreateContext();
    response.setChunked(true).putHeader("Content-Type", CliProtocol.STREAM_TYPE).putHeader(CliProtocol.INVOCATION_HEADER, id);
    response.closeHandler(v -> hangUp.fire());
    // The head goes out before the command starts: a client that has it knows the command was taken and
    // must not run it itself, even when the daemon dies before the command prints anything.
    response.writeHead().onFailure(e -> running.remove(id)).onSuccess(v -> run(context, response, invocation, id, hangUp));
  }

  private void run(Context context, HttpServerResponse response, CliInvocation invocation, String id, HangUp hangUp) {
    // Frames are written on the request's context, in the order the command produced them.
    PrintStream out = new PrintStream(new FrameOutputStream(CliProtocol.STDOUT, f -> send(context, response, f)), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FrameOutputStream(CliProtocol.STDERR, f -> send(context, response, f)), true, StandardCharsets.UTF_8);
    long started = System.nanoTime();
    byte[] keepalive = FrameOutputStream.frame(CliProtocol.KEEPALIVE, new byte[0]);
    long timer = vertx.setPeriodic(KEEPALIVE_MS, t -> send(context, response, keepalive));
    commands.<Integer>executeBlocking(() -> {
      int code = 70;
      try {
        code = runner.run(invocation, out, err, hangUp);
        return code;
      } finally {
        out.flush();
        err.flush();
        // The exit frame goes through the same queue as the output, after it: the worker's own
        // completion is delivered separately and could overtake frames still queued.
        int exit = code;
        context.runOnContext(v -> {
          vertx.cancelTimer(timer);
          running.remove(id);
          log.info("{} exited {} in {} ms", invocation, exit, (System.nanoTime() - started) / 1_000_000);
          if (!response.closed()) response.end(Buffer.buffer(FrameOutputStream.exitFrame(exit)));
        });
      }
    }, false).onFailure(e -> log.error("{} failed", invocation, e));
  }

  void interrupt(HttpServerRequest request, String id) {
    HangUp hangUp = running.get(id);
    if (hangUp == null) {
      error(request.response(), 404, "no command " + id + " is running");
      return;
    }
    hangUp.fire();
    request.response().setStatusCode(202).end();
  }

  private static void send(Context context, HttpServerResponse response, byte[] frame) {
    context.runOnContext(v -> {
      if (!response.closed()) response.write(Buffer.buffer(frame));
    });
  }

  private static void error(HttpServerResponse response, int status, String message) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(new JsonObject().put("error", message).encode());
  }
}

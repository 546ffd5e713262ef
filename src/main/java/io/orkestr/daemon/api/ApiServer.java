package io.orkestr.daemon.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.orkestr.error.UserError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ApiServer is the control plane's HTTP server (Vert.x Web). Every request gets an id (sent back as
 * {@code X-Request-Id}), one log line (id, method, route, status, time) and a count in
 * {@code orkestr_http_requests_total{route,code}}; every route but {@code /healthz} and the login
 * needs the bearer token or a console session (SessionRoutes). Routes that reach Docker run on a
 * worker pool, never on the event loop.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final String REQUEST_ID = "orkestr.request-id";
  static final String ROUTE = "orkestr.route";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Requests that reach Docker at once; more wait for a thread. */
  private static final int WORKERS = 16;

  /** How to listen; a body over {@code bodyLimit} bytes gets 413. */
  public record Options(ListenAddress listen, Optional<Path> tlsCert, Optional<Path> tlsKey, long bodyLimit) {
    public static final long DEFAULT_BODY_LIMIT = 1 << 20;

    public Options {
      if (tlsCert.isPresent() != tlsKey.isPresent()) throw new UserError("--tls-cert and --tls-key go together: give both or neither");
      for (Path p : List.of(tlsCert, tlsKey).stream().flatMap(Optional::stream).toList()) {
        if (!Files.isReadable(p)) throw new UserError("cannot read " + p, "check --tls-cert and --tls-key");
      }
      if (tlsCert.isEmpty() && !listen.isLoopback()) {
        throw new UserError("refusing to listen on " + listen + " without TLS: the API token would cross the network in the clear",
            "pass --tls-cert and --tls-key, or listen on a loopback address such as 127.0.0.1:7700");
      }
    }

    public boolean tls() {
      return tlsCert.isPresent();
    }
  }

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final HttpServer server;
  private final Router router;
  private final String url;

  private ApiServer(Vertx vertx, WorkerExecutor workers, HttpServer server, Router router, String url) {
    this.vertx = vertx;
    this.workers = workers;
    this.server = server;
    this.router = router;
    this.url = url;
  }

  /** Starts listening; throws a UserError if the address is taken or refused. */
  public static ApiServer start(ApiRoutes routes, Token token, MeterRegistry registry, Options options) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setMaxWorkerExecuteTime(1)
        .setMaxWorkerExecuteTimeUnit(TimeUnit.DAYS));
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("orkestr-api", WORKERS, 1, TimeUnit.DAYS);
    Router router = Router.router(vertx);
    router.route().handler(ctx -> begin(ctx, registry));
    Sessions sessions = new Sessions(java.time.Clock.systemUTC());
    router.route().handler(ctx -> authenticate(ctx, token, sessions, options.tls()));
    Registrar registrar = new Registrar(router, workers, BodyHandler.create(false).setBodyLimit(options.bodyLimit()));
    routes.register(registrar);
    new SessionRoutes(token, sessions, options.tls()).register(registrar);
    router.route().failureHandler(ApiServer::failed);
    router.errorHandler(404, ctx -> problem(ctx, Problems.of(404, "no such route: " + ctx.request().method() + " " + ctx.request().path(),
        ctx.get(REQUEST_ID))));
    router.errorHandler(405, ctx -> problem(ctx, Problems.of(405, ctx.request().method() + " is not allowed on " + ctx.request().path(),
        ctx.get(REQUEST_ID))));
    HttpServerOptions http = new HttpServerOptions().setCompressionSupported(false);
    if (options.tls()) {
      http.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.tlsCert().get().toString())
          .setKeyPath(options.tlsKey().get().toString()));
    }
    HttpServer server = vertx.createHttpServer(http).requestHandler(router);
    try {
      server.listen(options.listen().port(), options.listen().host()).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new UserError("cannot listen on " + options.listen() + ": " + e.getMessage(), "is another orkestr serve using it? pass --listen");
    }
    String url = (options.tls() ? "https://" : "http://") + new ListenAddress(options.listen().host(), server.actualPort());
    log.info("API listening on {} (token from {})", url, token.source());
    return new ApiServer(vertx, workers, server, router, url);
  }

  /**
   * Who may go on: /healthz and the login anyone; a request with the bearer token; a request with a
   * live session cookie, except a state-changing one from another origin (403: a cross-site request
   * rides on the browser's cookie, never on a token it would have to know). Everyone else: 401.
   */
  private static void authenticate(RoutingContext ctx, Token token, Sessions sessions, boolean tls) {
    String path = ctx.request().path();
    HttpMethod method = ctx.request().method();
    if (path.equals(ApiRoutes.HEALTHZ) || (path.equals(SessionRoutes.PATH) && method == HttpMethod.POST)
        || token.accepts(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    io.vertx.core.http.Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
    if (cookie != null && sessions.valid(cookie.getValue())) {
      boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
      if (safe || sameOrigin(ctx, tls)) {
        ctx.next();
      } else {
        problem(ctx, Problems.of(403, "cross-site request refused: with the session cookie, a change must come from the console's own"
            + " origin", ctx.get(REQUEST_ID)));
      }
      return;
    }
    unauthorized(ctx);
  }

  /** 401 without detail: no token, a wrong one, or a wrong login. */
  static void unauthorized(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    problem(ctx, Problems.of(401, null, ctx.get(REQUEST_ID)));
  }

  /** The request says it comes from this server's own origin (Origin, else Sec-Fetch-Site); a request that says neither does not. */
  static boolean sameOrigin(RoutingContext ctx, boolean tls) {
    String origin = ctx.request().getHeader("Origin");
    io.vertx.core.net.HostAndPort authority = ctx.request().authority(); // Host, or HTTP/2's :authority
    if (origin != null) {
      return authority != null
          && origin.equalsIgnoreCase((tls ? "https://" : "http://") + authority.host() + (authority.port() < 0 ? "" : ":" + authority.port()));
    }
    return "same-origin".equals(ctx.request().getHeader("Sec-Fetch-Site"));
  }

  /**
   * Sent with every answer: the console's pages run only their own scripts and styles, are never
   * framed, and no answer is sniffed as another type.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static void begin(RoutingContext ctx, MeterRegistry registry) {
    byte[] id = new byte[6];
    RANDOM.nextBytes(id);
    String requestId = HexFormat.of().formatHex(id);
    long started = System.nanoTime();
    ctx.put(REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId).putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY").putHeader("Referrer-Policy", "no-referrer");
    ctx.addEndHandler(done -> {
      String route = ctx.get(ROUTE, "unmatched");
      int status = ctx.response().getStatusCode();
      Counter.builder("orkestr.http.requests").description("HTTP API requests by route and status").tag("route", route)
          .tag("code", String.valueOf(status)).register(registry).increment();
      log.info("request {} {} {} {} {} ms", requestId, ctx.request().method(), route, status,
          (System.nanoTime() - started) / 1_000_000);
    });
    ctx.next();
  }

  private static void failed(RoutingContext ctx) {
    Throwable t = ctx.failure();
    String requestId = ctx.get(REQUEST_ID);
    if (t instanceof UserError e) {
      problem(ctx, Problems.of(e, requestId));
    } else if (t == null && ctx.statusCode() == 413) {
      problem(ctx, Problems.of(413, "the request body is larger than the API accepts", requestId));
    } else if (t == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      problem(ctx, Problems.of(ctx.statusCode(), null, requestId));
    } else {
      log.error("request {} {} {} failed", requestId, ctx.request().method(), ctx.request().path(), t);
      problem(ctx, Problems.of(500, "something went wrong in orkestr; the log has the details under this request id", requestId));
    }
  }

  static void problem(RoutingContext ctx, ObjectNode problem) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(problem.get("status").asInt()).putHeader("Content-Type", "application/problem+json")
        .end(problem.toPrettyString() + "\n");
  }

  /** Adds routes, each with the path it is documented under ({@code /v1/plans/{id}/apply}). */
  public static final class Registrar {
    private final Router router;
    private final WorkerExecutor workers;
    private final BodyHandler bodies;
    private final List<String> documented = new ArrayList<>();

    Registrar(Router router, WorkerExecutor workers, BodyHandler bodies) {
      this.router = router;
      this.workers = workers;
      this.bodies = bodies;
    }

    /** A route whose work may block (Docker, files): it runs on a worker and its reply is sent on the event loop. */
    void blocking(HttpMethod method, String path, Function<RoutingContext, Callable<Reply>> work) {
      route(method, path).handler(ctx -> {
        Callable<Reply> job;
        try {
          job = work.apply(ctx);
        } catch (RuntimeException e) {
          ctx.fail(e);
          return;
        }
        Future<Reply> f = workers.executeBlocking(job, false);
        f.onSuccess(r -> send(ctx, r)).onFailure(ctx::fail);
      });
    }

    /** A route that answers on the event loop. */
    void direct(HttpMethod method, String path, io.vertx.core.Handler<RoutingContext> handler) {
      route(method, path).handler(handler);
    }

    private Route route(HttpMethod method, String path) {
      documented.add(method.name() + " " + path);
      String vertxPath = path.replaceAll("\\{([a-z]+)}", ":$1");
      // Named first, on a route of its own: Vert.x wants a body handler before any other on a route.
      router.route(method, vertxPath).handler(ctx -> {
        ctx.put(ROUTE, path);
        ctx.next();
      });
      Route r = router.route(method, vertxPath);
      if (method == HttpMethod.POST) r.handler(bodies); // read (up to the limit) only once authenticated
      return r;
    }

    private static void send(RoutingContext ctx, Reply r) {
      if (ctx.response().ended()) return;
      ctx.response().setStatusCode(r.status()).putHeader("Content-Type", r.contentType()).end(r.body());
    }
  }

  /** Every route, as "METHOD /path" with OpenAPI's {param}, from the router itself. */
  public List<String> routes() {
    List<String> out = new ArrayList<>();
    for (Route r : router.getRoutes()) {
      if (r.getPath() == null || r.methods() == null) continue;
      String path = r.getPath().replaceAll(":([a-z]+)", "{$1}");
      for (HttpMethod m : r.methods()) if (!out.contains(m.name() + " " + path)) out.add(m.name() + " " + path);
    }
    return out;
  }

  /** Where it listens ("http://127.0.0.1:7700"): the actual port when asked for port 0. */
  public String url() {
    return url;
  }

  /** Stops accepting requests and waits briefly for those in flight. */
  @Override
  public void close() {
    try {
      server.close().await(10, TimeUnit.SECONDS);
      workers.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("closing the API: {}", e.toString());
    }
  }
}

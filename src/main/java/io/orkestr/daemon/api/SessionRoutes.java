package io.orkestr.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Optional;

/**
 * The console's login and logout: {@code POST /v1/session} exchanges the API token (a JSON body
 * {"token": ...}) for a session cookie, {@code DELETE /v1/session} ends it. A wrong token gets a 401
 * without detail; an address that failed Sessions.FAILURES times within a minute gets 429 until the
 * minute is over, whatever it sends.
 */
final class SessionRoutes {
  static final String PATH = "/v1/session";

  private final Token token;
  private final Sessions sessions;
  private final boolean tls;

  SessionRoutes(Token token, Sessions sessions, boolean tls) {
    this.token = token;
    this.sessions = sessions;
    this.tls = tls;
  }

  void register(ApiServer.Registrar r) {
    r.direct(HttpMethod.POST, PATH, this::login);
    r.direct(HttpMethod.DELETE, PATH, this::logout);
  }

  private void login(RoutingContext ctx) {
    String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    Optional<java.time.Duration> wait = sessions.waitFor(address);
    if (wait.isPresent()) {
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds() + 1)));
      ApiServer.problem(ctx, Problems.of(429, "too many failed logins from this address: wait a minute", ctx.get(ApiServer.REQUEST_ID)));
      return;
    }
    String given = given(ctx);
    if (given == null || !token.accepts("Bearer " + given)) {
      sessions.failed(address);
      ApiServer.unauthorized(ctx);
      return;
    }
    ctx.response().addCookie(cookie(sessions.open()).setMaxAge(Sessions.LIFETIME.toSeconds()));
    ctx.response().setStatusCode(204).end();
  }

  private void logout(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(Sessions.COOKIE);
    if (c != null) sessions.close(c.getValue());
    ctx.response().addCookie(cookie("").setMaxAge(0));
    ctx.response().setStatusCode(204).end();
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(Sessions.COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(tls);
  }

  /** The token in a JSON body, or null. */
  private static String given(RoutingContext ctx) {
    String body = ctx.body() == null ? null : ctx.body().asString();
    if (body == null || body.isBlank()) return null;
    try {
      JsonNode t = Reply.JSON.readTree(body).get("token");
      return t == null || !t.isTextual() ? null : t.asText();
    } catch (IOException | RuntimeException e) {
      return null; // not JSON, or not an object: no token
    }
  }
}

package io.orkestr.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's session, over a real server and a real HTTP client: the token is exchanged for an
 * HttpOnly, SameSite=Strict cookie that the API and the event stream accept; a state-changing
 * request with the cookie from another origin gets 403; logout ends it; wrong tokens get 401
 * without detail and, from one address, 429 after five.
 */
class ApiSessionTest {
  static final String TOKEN = "session-test-token";
  @TempDir Path home;
  ApiServer server;
  final HttpClient http = HttpClient.newHttpClient();

  TestApi api;

  @BeforeEach
  void start() throws Exception {
    api = TestApi.start(home, TOKEN);
    server = api.server();
    api.control().start();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> login(String token) throws Exception {
    return send("POST", "/v1/session", Map.of("Content-Type", "application/json"), "{\"token\": \"" + token + "\"}");
  }

  /** The session cookie's value from a login's Set-Cookie. */
  static String session(HttpResponse<?> r) {
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    return set.substring(set.indexOf('=') + 1, set.indexOf(';'));
  }

  @Test
  void theTokenIsExchangedForAStrictHttpOnlyCookieThatTheApiAndTheEventStreamAccept() throws Exception {
    HttpResponse<String> r = login(TOKEN);

    assertThat(r.statusCode()).isEqualTo(204);
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(set).startsWith("orkestr_session=").containsIgnoringCase("; HttpOnly").contains("SameSite=Strict", "Path=/", "Max-Age=43200")
        .doesNotContainIgnoringCase("Secure").doesNotContain(TOKEN);
    String cookie = "orkestr_session=" + session(r);
    assertThat(send("GET", "/v1/status", Map.of("Cookie", cookie), null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/status", Map.of("Cookie", "orkestr_session=made-up"), null).statusCode()).isEqualTo(401);
    // EventSource cannot send Authorization: the stream takes the cookie.
    HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/events")).header("Cookie", cookie)
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    events.body().close();
  }

  @Test
  void aChangeWithTheCookieMustComeFromTheDaemonsOwnOrigin() throws Exception {
    String cookie = "orkestr_session=" + session(login(TOKEN));
    String own = server.url();

    HttpResponse<String> crossSite = send("POST", "/v1/reconcile", Map.of("Cookie", cookie, "Origin", "https://evil.example"), null);
    HttpResponse<String> noOrigin = send("POST", "/v1/reconcile", Map.of("Cookie", cookie), null);
    HttpResponse<String> sameSite = send("POST", "/v1/reconcile", Map.of("Cookie", cookie, "Origin", own), null);
    HttpResponse<String> fetchMetadata = send("POST", "/v1/reconcile", Map.of("Cookie", cookie, "Sec-Fetch-Site", "same-origin"), null);
    HttpResponse<String> bearer = send("POST", "/v1/reconcile", Map.of("Authorization", "Bearer " + TOKEN), null);

    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(crossSite.body()).contains("cross-site request refused");
    assertThat(noOrigin.statusCode()).isEqualTo(403);
    assertThat(List.of(sameSite.statusCode(), fetchMetadata.statusCode(), bearer.statusCode())).allMatch(s -> s == 200 || s == 202);
  }

  @Test
  void logoutEndsTheSessionAndClearsTheCookie() throws Exception {
    String cookie = "orkestr_session=" + session(login(TOKEN));

    HttpResponse<String> crossSiteLogout = send("DELETE", "/v1/session", Map.of("Cookie", cookie, "Origin", "https://evil.example"), null);
    assertThat(crossSiteLogout.statusCode()).isEqualTo(403);
    HttpResponse<String> out = send("DELETE", "/v1/session", Map.of("Cookie", cookie, "Origin", server.url()), null);

    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("orkestr_session=;").contains("Max-Age=0");
    assertThat(send("GET", "/v1/status", Map.of("Cookie", cookie), null).statusCode()).isEqualTo(401);
  }

  @Test
  void wrongTokensGetNoDetailAndAfterFiveTheAddressWaits() throws Exception {
    for (int i = 0; i < Sessions.FAILURES; i++) {
      HttpResponse<String> r = login("wrong-" + i);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(r.body()).doesNotContain("wrong-").doesNotContain("token");
    }
    HttpResponse<String> limited = login(TOKEN); // even the right one, until the minute is over

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 61));
    assertThat(limited.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() throws Exception {
    for (HttpResponse<String> r : List.of(send("GET", "/healthz", Map.of(), null), login("nope"),
        send("GET", "/v1/status", Map.of("Authorization", "Bearer " + TOKEN), null))) {
      assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
          .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline"));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }
  }
}

package io.orkestr.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orkestr.control.ControlPlane;
import io.orkestr.docker.FakeDockerPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The API's HTTP behaviour with a real server and a real HTTP client, over the in-memory Docker port
 * (the real engine is in ControlPlaneIT and ApiIT): documented routes, auth, errors, plans.
 */
class ApiServerTest {
  static final String TOKEN = "test-token-123";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  ControlPlane control;
  ApiServer server;
  FakeDockerPort docker;
  HttpClient http = HttpClient.newHttpClient();

  TestApi api;

  @BeforeEach
  void start() throws Exception {
    api = TestApi.start(home, TOKEN);
    control = api.control();
    server = api.server();
    docker = api.docker();
    control.start();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  HttpResponse<String> send(String method, String path, String token, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (contentType != null) b.header("Content-Type", contentType);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, TOKEN, null, null);
  }

  @SuppressWarnings("unchecked")
  static List<String> documented() throws Exception {
    Map<String, Object> spec = new Yaml().load(Files.readString(Path.of("schemas/openapi.yaml")));
    List<String> out = new ArrayList<>();
    ((Map<String, Map<String, Object>>) spec.get("paths")).forEach((path, ops) -> ops.keySet().forEach(m -> out.add(m.toUpperCase() + " " + path)));
    return out;
  }

  @Test
  void everyRouteTheServerHasIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
    assertThat(new TreeSet<>(server.routes())).isEqualTo(new TreeSet<>(documented()));
  }

  @Test
  void everyRouteButHealthzNeedsTheTokenAndAWrongOneGetsNoDetail() throws Exception {
    for (String route : documented()) {
      String method = route.split(" ")[0];
      String path = route.split(" ")[1].replace("{id}", "abc").replace("{p}", "shop").replace("{a}", "db");
      for (String token : new String[] {null, "wrong", TOKEN + "x"}) {
        HttpResponse<String> r = send(method, path, token, null, null);
        if (path.equals("/healthz")) {
          assertThat(r.statusCode()).isEqualTo(200);
        } else {
          assertThat(r.statusCode()).as(route + " with token " + token).isEqualTo(401);
          assertThat(r.body()).doesNotContain("token").doesNotContain("wrong");
          assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        }
      }
    }
  }

  @Test
  void aPostedManifestWithProblemsGets400WithEachProblemAsFields() throws Exception {
    HttpResponse<String> r = send("POST", "/v1/plans", TOKEN, "application/yaml", "version: 1\nprojects:\n  - name: shop\n    plann: pro\n");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("problems")).hasSize(2);
    JsonNode unknown = p.get("problems").get(1);
    assertThat(unknown.get("file").asText()).isEqualTo("(request body)");
    assertThat(unknown.get("line").asInt()).isEqualTo(4);
    assertThat(unknown.get("column").asInt()).isEqualTo(5);
    assertThat(unknown.get("path").asText()).isEqualTo("projects[0].plann");
    assertThat(unknown.get("message").asText()).contains("unknown key \"plann\"");
    assertThat(p.get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void bodiesOverTheLimitGet413AndOtherMediaTypes415() throws Exception {
    assertThat(send("POST", "/v1/plans", TOKEN, "application/yaml", "#".repeat(5000)).statusCode()).isEqualTo(413);
    assertThat(send("POST", "/v1/plans", TOKEN, "text/plain", "version: 1\n").statusCode()).isEqualTo(415);
  }

  @Test
  void unknownThingsGet404() throws Exception {
    assertThat(get("/v1/nothing").statusCode()).isEqualTo(404);
    assertThat(get("/v1/projects/nope").statusCode()).isEqualTo(404);
    assertThat(get("/v1/projects/shop/addons/nope").statusCode()).isEqualTo(404);
    assertThat(send("POST", "/v1/plans/0000/apply", TOKEN, null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void anUnexpectedFailureIs500WithOnlyARequestId() throws Exception {
    docker.failing = s -> { throw new IllegalStateException("boom: secret detail"); };

    HttpResponse<String> r = get("/v1/plan");

    assertThat(r.statusCode()).isEqualTo(500);
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("request_id").asText()).hasSize(12);
    assertThat(r.body()).doesNotContain("boom").doesNotContain("secret").doesNotContain("IllegalState");
  }

  @Test
  void aPlanIsAppliedOnceAndThenItIsStale() throws Exception {
    HttpResponse<String> a = send("POST", "/v1/plans", TOKEN, null, null);
    HttpResponse<String> b = send("POST", "/v1/plans", TOKEN, null, null);
    assertThat(a.statusCode()).isEqualTo(201);
    String first = JSON.readTree(a.body()).get("id").asText();
    String second = JSON.readTree(b.body()).get("id").asText();
    assertThat(JSON.readTree(a.body()).at("/plan/summary/add").asInt()).isPositive();

    HttpResponse<String> applied = send("POST", "/v1/plans/" + first + "/apply", TOKEN, null, null);
    HttpResponse<String> stale = send("POST", "/v1/plans/" + second + "/apply", TOKEN, null, null);

    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(applied.body()).get("succeeded").asBoolean()).isTrue();
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(stale.body()).get("detail").asText()).contains("stale");
  }

  @Test
  void anApplyWhileTheManifestsLockIsHeldGets409AtOnce() throws Exception {
    JsonNode made = JSON.readTree(send("POST", "/v1/plans", TOKEN, null, null).body());
    String id = made.get("id").asText();
    try (var lease = new io.orkestr.lock.fs.FileApplyLock(home).acquire(made.at("/plan/manifest").asText(), Duration.ZERO, () -> {})) {
      long started = System.nanoTime();
      HttpResponse<String> r = send("POST", "/v1/plans/" + id + "/apply", TOKEN, null, null);

      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("holds the lock");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }
  }
}

package io.orkestr.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orkestr.Fixtures;
import io.orkestr.control.ControlMetrics;
import io.orkestr.control.ControlPlane;
import io.orkestr.control.EventJournal;
import io.orkestr.control.ReconcileLoop;
import io.orkestr.events.fs.FileEventLog;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's event loop never waits for a file: a timing probe. The watched manifest is a named pipe
 * that nothing writes to until the test says so, so whatever reads it waits; while a POST /v1/plans
 * (which names the posted manifest after the watched one) waits on it, /healthz (answered on the
 * event loop, which serves every connection of the API) must still answer at once.
 */
class ApiEventLoopTest {
  private static final String MANIFEST = "version: 1\nprojects:\n  - name: shop\n    plan: pro\n    apps:\n"
      + "      - {name: web, image: orkestr.local/probe:latest}\n";
  @TempDir Path home;

  @Test
  void aPostedPlanThatWaitsForTheManifestFileLeavesTheEventLoopFree() throws Exception {
    Path file = home.resolve("orkestr.yaml");
    Files.writeString(file, MANIFEST);
    var docker = Fixtures.fakeDocker("orkestr.local/probe:latest");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Not started: no loop, watch or cache reads the file, only the request does.
    ControlPlane control = new ControlPlane(Fixtures.service(docker, home), docker,
        new ReconcileLoop.Settings(file, ReconcileLoop.Sync.OFF, Duration.ofHours(1)),
        new EventJournal(new FileEventLog(home, 1 << 20), Clock.systemUTC()), new ControlMetrics(registry), Clock.systemUTC());
    ApiServer server = ApiServer.start(new ApiRoutes(control, registry, "test"), Token.load(Map.of("ORKESTR_TOKEN", "t0ken"), home), registry,
        new ApiServer.Options(ListenAddress.parse("127.0.0.1:0"), Optional.empty(), Optional.empty(), 4096));
    HttpClient http = HttpClient.newHttpClient();
    Files.delete(file);
    assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
    CompletableFuture<HttpResponse<String>> plan = null;
    try {
      plan = http.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/v1/plans")).header("Authorization", "Bearer t0ken")
          .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(MANIFEST)).build(),
          HttpResponse.BodyHandlers.ofString());
      Thread.sleep(300); // time for the request to reach the read of the pipe (a few ms on loopback)
      assertThat(plan).as("the plan waits for the manifest file").isNotDone();
      long started = System.nanoTime();
      HttpResponse<String> health = http.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString()).get(3, TimeUnit.SECONDS);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("/healthz while a plan waits for a file").isLessThan(Duration.ofSeconds(1));
    } finally {
      // Let the waiting reader go (opening the pipe for writing waits for it), then check the plan was made.
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(MANIFEST.getBytes(StandardCharsets.UTF_8));
      }
      if (plan != null) assertThat(plan.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
      server.close();
      control.close();
    }
  }
}

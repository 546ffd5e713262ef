package io.orkestr.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  @TempDir Path home;

  @Test
  void aPostedPlanThatWaitsForTheManifestFileLeavesTheEventLoopFree() throws Exception {
    // The control plane is not started: no loop, watch or cache reads the file, only the request does.
    TestApi api = TestApi.start(home, "t0ken");
    ApiServer server = api.server();
    Path file = api.file();
    HttpClient http = HttpClient.newHttpClient();
    Files.delete(file);
    assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
    CompletableFuture<HttpResponse<String>> plan = null;
    try {
      plan = http.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/v1/plans")).header("Authorization", "Bearer t0ken")
          .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(TestApi.MANIFEST)).build(),
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
        out.write(TestApi.MANIFEST.getBytes(StandardCharsets.UTF_8));
      }
      if (plan != null) assertThat(plan.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
      api.close();
    }
  }
}

package io.orkestr.daemon.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orkestr.Fixtures;
import io.orkestr.control.ControlMetrics;
import io.orkestr.control.ControlPlane;
import io.orkestr.control.EventJournal;
import io.orkestr.control.ReconcileLoop;
import io.orkestr.docker.FakeDockerPort;
import io.orkestr.events.fs.FileEventLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The API on a loopback port over the in-memory Docker port, for the API's tests: a manifest with one
 * app in home/orkestr.yaml, a control plane on it (sync off) and the server with the given token.
 * The control plane is not started: the test starts it when it wants its loops.
 */
record TestApi(Path file, FakeDockerPort docker, ControlPlane control, ApiServer server) implements AutoCloseable {
  static final String MANIFEST = "version: 1\nprojects:\n  - name: shop\n    plan: pro\n    apps:\n"
      + "      - {name: web, image: orkestr.local/probe:latest}\n";

  static TestApi start(Path home, String token) throws IOException {
    Path file = home.resolve("orkestr.yaml");
    Files.writeString(file, MANIFEST);
    FakeDockerPort docker = Fixtures.fakeDocker("orkestr.local/probe:latest");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ControlPlane control = new ControlPlane(Fixtures.service(docker, home), docker,
        new ReconcileLoop.Settings(file, ReconcileLoop.Sync.OFF, Duration.ofHours(1)),
        new EventJournal(new FileEventLog(home, 1 << 20), Clock.systemUTC()), new ControlMetrics(registry), Clock.systemUTC());
    ApiServer server = ApiServer.start(new ApiRoutes(control, registry, "test"), Token.load(Map.of("ORKESTR_TOKEN", token), home), registry,
        new ApiServer.Options(ListenAddress.parse("127.0.0.1:0"), Optional.empty(), Optional.empty(), 4096));
    return new TestApi(file, docker, control, server);
  }

  @Override
  public void close() {
    server.close();
    control.close();
  }
}

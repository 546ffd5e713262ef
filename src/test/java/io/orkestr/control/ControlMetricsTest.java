package io.orkestr.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orkestr.docker.FakeDockerPort;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ControlMetricsTest {
  @Test
  void dockerCallsKeepCountingAfterAGarbageCollection() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FakeDockerPort docker = new FakeDockerPort();
    new ControlMetrics(registry).dockerCalls(docker);
    docker.listNetworks();
    double before = calls(registry.scrape());
    // Micrometer holds the counted object weakly: a counter on something only it holds freezes here.
    System.gc();
    docker.listNetworks();
    docker.listNetworks();
    double after = calls(registry.scrape());
    assertTrue(before >= 1, "counted before: " + before);
    assertTrue(after == before + 2, "counted after a collection: " + before + " -> " + after);
  }

  private static double calls(String scrape) {
    Matcher m = Pattern.compile("^orkestr_docker_calls_total (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    assertTrue(m.find(), scrape);
    return Double.parseDouble(m.group(1));
  }
}

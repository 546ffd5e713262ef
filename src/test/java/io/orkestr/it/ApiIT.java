package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;
import redis.clients.jedis.Jedis;

/** The HTTP API of orkestr serve -f on the real engine, driven by real clients (java.net.http, curl, promtool). */
@Tag("docker")
class ApiIT {
  @RegisterExtension final ItContext it = new ItContext();
  private final List<ServeProcess> daemons = new ArrayList<>();

  @AfterEach
  void stopDaemons() throws Exception {
    for (ServeProcess d : daemons) d.close();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(it.env());
    env.put("ORKESTR_DAEMON", "off");
    return env;
  }

  private ServeProcess serve(String file, String... extra) {
    ServeProcess d = ServeProcess.start(it, env(), file, extra);
    daemons.add(d);
    return d;
  }

  private String redis(String shop, String... names) {
    StringBuilder y = new StringBuilder("version: 1\nprojects:\n  - name: " + shop + "\n    plan: pro\n    addons:\n");
    for (String n : names) y.append("      - {name: ").append(n).append(", type: redis, version: \"7\"}\n");
    return it.write(y.toString()).toString();
  }

  @SuppressWarnings("unchecked")
  static List<String[]> documentedRoutes() throws Exception {
    Map<String, Object> spec = new Yaml().load(Files.readString(Path.of("schemas/openapi.yaml")));
    List<String[]> out = new ArrayList<>();
    ((Map<String, Map<String, Object>>) spec.get("paths")).forEach((path, ops) -> ops.keySet().forEach(m -> out.add(new String[] {m.toUpperCase(), path})));
    return out;
  }

  private static Result curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return new Result(p.exitValue(), out, err);
  }

  @Test
  void everyRouteButHealthzRefusesAMissingOrWrongTokenAndThePlanEqualsTheClisPlanJson() throws Exception {
    String shop = it.project("shop");
    String file = redis(shop, "cache");
    ServeProcess d = serve(file, "--sync", "off");
    d.awaitReconciled(1, Duration.ofSeconds(60));

    for (String[] route : documentedRoutes()) {
      String path = route[1].replace("{id}", "x").replace("{p}", shop).replace("{a}", "cache");
      Result none = curl("-o", "/dev/null", "-w", "%{http_code}", "-X", route[0], d.url + path);
      Result wrong = curl("-o", "/dev/null", "-w", "%{http_code}", "-X", route[0], "-H", "Authorization: Bearer " + d.token + "x", d.url + path);
      String expected = path.equals("/healthz") ? "200" : "401";
      assertThat(none.out()).as(route[0] + " " + path + " without a token").isEqualTo(expected);
      assertThat(wrong.out()).as(route[0] + " " + path + " with a wrong token").isEqualTo(expected);
    }

    JsonNode overHttp = ServeProcess.JSON.readTree(curl("-H", "Authorization: Bearer " + d.token, d.url + "/v1/plan").out());
    Result cli = it.run(env(), "plan", "-f", file, "-o", "json");
    assertThat(overHttp).isEqualTo(ServeProcess.JSON.readTree(cli.out()));
    assertThat(overHttp.at("/summary/add").asInt()).isPositive(); // sync off: nothing was applied
    assertThat(d.log.toString()).doesNotContain(d.token);
  }

  @Test
  void aTwoStepPlanAndApplyWorksOnceAndAStalePlanGets409() throws Exception {
    String shop = it.project("shop");
    String file = redis(shop, "cache");
    ServeProcess d = serve(file, "--sync", "off");
    d.awaitReconciled(1, Duration.ofSeconds(60));

    HttpResponse<String> a = d.send("POST", "/v1/plans", null, null);
    HttpResponse<String> b = d.send("POST", "/v1/plans", "application/yaml", Files.readString(Path.of(file)));
    assertThat(a.statusCode()).isEqualTo(201);
    assertThat(b.statusCode()).isEqualTo(201);
    JsonNode first = ServeProcess.JSON.readTree(a.body());
    String second = ServeProcess.JSON.readTree(b.body()).get("id").asText();
    assertThat(first.get("plan")).isEqualTo(ServeProcess.JSON.readTree(b.body()).get("plan"));

    HttpResponse<String> applied = d.send("POST", first.get("apply").asText(), null, null);
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    assertThat(ServeProcess.JSON.readTree(applied.body()).get("succeeded").asBoolean()).isTrue();
    try (Jedis r = new Jedis(TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private"), 6379)) {
      r.auth(it.password(shop, "cache"));
      assertThat(r.ping()).isEqualTo("PONG");
    }

    HttpResponse<String> stale = d.send("POST", "/v1/plans/" + second + "/apply", null, null);
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(ServeProcess.JSON.readTree(stale.body()).get("detail").asText()).contains("stale");
  }

  @Test
  void metricsPassPromtoolAndCountDriftRepairsAndEventsResumeAfterAReconnectLosingNothing() throws Exception {
    String shop = it.project("shop");
    String file = redis(shop, "cache");
    ServeProcess d = serve(file);
    long firstEvents;
    try (SseClient events = new SseClient(d, null)) {
      assertThat(events.status).isEqualTo(200);
      List<SseClient.Received> got = events.until("reconcile.finished", Duration.ofSeconds(60));
      assertThat(got.get(0).type()).isEqualTo("reconcile.started");
      assertThat(got.get(got.size() - 1).data().get("result").asText()).isEqualTo("success");
      for (int i = 1; i < got.size(); i++) assertThat(got.get(i).id()).isEqualTo(got.get(i - 1).id() + 1);
      firstEvents = got.get(got.size() - 1).id();
    }
    d.awaitReconciled(1, Duration.ofSeconds(30));

    // While no client listens: a container removed by hand, repaired.
    TestDocker.CLIENT.removeContainerCmd("orkestr_" + shop + "_cache").withForce(true).exec();
    ItContext.await("the cache repaired", Duration.ofSeconds(30), () -> TestDocker.exists("orkestr_" + shop + "_cache")
        && d.json("/v1/status").at("/loop/state").asText().equals("idle") && d.json("/v1/status").at("/last_reconcile/result").asText().equals("success"));

    try (SseClient events = new SseClient(d, firstEvents)) {
      List<SseClient.Received> missed = events.until("change.applied", Duration.ofSeconds(10));
      assertThat(missed.get(0).id()).isEqualTo(firstEvents + 1);
      for (int i = 1; i < missed.size(); i++) assertThat(missed.get(i).id()).isEqualTo(missed.get(i - 1).id() + 1);
      SseClient.Received drift = missed.stream().filter(e -> e.type().equals("drift.found")).findFirst().orElseThrow();
      assertThat(drift.data().get("address").asText()).isEqualTo(shop + "/addon/cache");
      assertThat(drift.data().get("state").asText()).isEqualTo("missing");
      assertThat(drift.data().at("/manifest/engine").asText()).isEqualTo("redis");
      assertThat(missed.stream().filter(e -> e.type().equals("change.applied")).findFirst().orElseThrow().data().get("drift").asBoolean()).isTrue();
    }

    String metrics = d.send("GET", "/metrics", null, null).body();
    assertThat(metrics).contains("orkestr_drift_repairs_total{kind=\"addon\"} 1.0").contains("orkestr_reconcile_total{result=\"success\"}")
        .contains("orkestr_reconcile_time_seconds_bucket").contains("orkestr_addons{state=\"running\"} 1.0")
        .contains("orkestr_http_requests_total{code=\"200\",route=\"/v1/status\"}").contains("jvm_memory_used_bytes")
        .doesNotContain(it.password(shop, "cache")).doesNotContain(d.token);
    Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as("promtool check metrics:\n" + verdict).isZero();
  }

  @Test
  void aNonLoopbackAddressNeedsTlsAndWithItTheApiIsServedOverHttps() throws Exception {
    String shop = it.project("shop");
    String file = redis(shop, "cache");
    Result refused = it.runProcess("serve", "-f", file, "--listen", "0.0.0.0:0");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("refusing to listen on 0.0.0.0:0 without TLS").doesNotContain("Exception");

    Path cert = it.dir().resolve("tls.crt");
    Path key = it.dir().resolve("tls.key");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    openssl.getInputStream().readAllBytes();
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).isTrue();
    ServeProcess d = serve(file, "--sync", "off", "--listen", "0.0.0.0:0", "--tls-cert", cert.toString(), "--tls-key", key.toString());
    assertThat(d.url).startsWith("https://");
    String port = d.url.substring(d.url.lastIndexOf(':') + 1);

    Result ok = curl("--cacert", cert.toString(), "-H", "Authorization: Bearer " + d.token, "https://127.0.0.1:" + port + "/v1/status");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ServeProcess.JSON.readTree(ok.out()).at("/loop/sync").asText()).isEqualTo("off");
    assertThat(curl("http://127.0.0.1:" + port + "/healthz").out()).doesNotContain("ok");
  }
}

package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Idle sleep on a real engine with real clients: add-ons freeze and stop when idle by their engine's
 * meaning, and the first connection an app makes (JDBC, Jedis, psql, with the variables it was
 * given, from its own network) wakes them, held rather than refused, with their data. The plans
 * here sleep after seconds.
 */
@Tag("docker")
class SleepIT {
  @RegisterExtension final ItContext it = new ItContext();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT = resource("/clients/Client.java");
  private final List<ServeProcess> daemons = new ArrayList<>();

  @AfterEach
  void stopDaemons() throws Exception {
    for (ServeProcess d : daemons) d.close();
  }

  private static String resource(String name) {
    try (InputStream in = SleepIT.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  Map<String, String> env() throws IOException {
    Path plans = it.dir().resolve("plans.yaml");
    Files.writeString(plans, "plans:\n"
        + "  nap: {cpu: 0.5, memory: 256Mi, storage: 256Mi, max_addons: 3, connections: 30, sleep: {freeze_after: 4s, stop_after: 12s},"
        + " backups: {manual_per_day: 20, automatic: true, retention: 1d, min_interval: 1s}}\n"
        + "  always: {cpu: 0.5, memory: 256Mi, storage: 256Mi, max_addons: 3, connections: 30}\n");
    Map<String, String> env = new HashMap<>(it.env());
    env.put("ORKESTR_PLANS", plans.toString());
    return env;
  }

  String project(String name, String plan, String... extra) {
    StringBuilder y = new StringBuilder("  - name: " + name + "\n    plan: " + plan + "\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"17\"" + (extra.length > 0 ? ", " + extra[0] : "") + "}\n"
        + "      - {name: cache, type: redis, version: \"8\"}\n"
        + "    apps:\n      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity]}\n");
    return y.toString();
  }

  String write(String... projects) {
    return it.write("version: 1\nprojects:\n" + String.join("", projects)).toString();
  }

  ServeProcess serve(Map<String, String> env, String file) {
    ServeProcess d = ServeProcess.start(it, env, file);
    daemons.add(d);
    return d;
  }

  /** The project's connection variables, as its apps get them. */
  Map<String, String> variables(Map<String, String> env, String file, String project) {
    Result r = it.run(env, "env", "-f", file, "--project", project, "--reveal");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Map<String, String> vars = new TreeMap<>();
    r.out().lines().filter(l -> l.contains("=")).forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return vars;
  }

  Map<String, String> clientEnv(Map<String, String> vars) {
    Map<String, String> e = new HashMap<>(NetworkJava.jdbc(vars.get("DATABASE_URL")));
    e.put("REDIS_URL", vars.get("REDIS_URL"));
    return e;
  }

  static String state(String container) {
    var s = TestDocker.inspect(container).getState();
    return Boolean.TRUE.equals(s.getPaused()) ? "paused" : s.getStatus();
  }

  static boolean placeholder(String container) {
    return TestDocker.exists(container + "_asleep") && TestDocker.inspect(container + "_asleep").getState().getRunning();
  }

  void awaitState(String container, String want, Duration timeout) {
    ItContext.await(container + " " + want, timeout, Duration.ofMillis(200), () -> state(container).equals(want));
  }

  JsonNode sleepOf(Map<String, String> env, String file, String address) throws IOException {
    JsonNode status = JSON.readTree(it.run(env, "status", "-f", file, "-o", "json").out());
    for (JsonNode r : status.get("resources")) if (r.get("address").asText().equals(address)) return r.path("sleep");
    throw new AssertionError("no " + address + " in the status");
  }

  @Test
  void idleAddOnsFreezeThenStopAndTheFirstConnectionOfAnAppWakesThemWithTheirData() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = write(project(shop, "nap"));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("CREATE TABLE kept AS SELECT g AS id FROM generate_series(1, 100) g");
    }
    try (Jedis r = new Jedis(TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private"), 6379)) {
      r.auth(it.password(shop, "cache"));
      r.set("greeting", "hello");
    }
    Map<String, String> client = clientEnv(variables(env, file, shop));
    String net = "orkestr_" + shop + "_private";
    String db = "orkestr_" + shop + "_db";
    String cache = "orkestr_" + shop + "_cache";

    ServeProcess daemon = serve(env, file);
    awaitState(db, "paused", Duration.ofSeconds(30));
    awaitState(cache, "paused", Duration.ofSeconds(30));

    // A sleeper is as it should be: no change planned, status says so.
    assertThat(it.run(env, "plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
    assertThat(sleepOf(env, file, shop + "/addon/db").get("state").asText()).isEqualTo("frozen");
    assertThat(it.run(env, "status", "-f", file).out()).contains("frozen since");

    Result query = NetworkJava.run(it, net, CLIENT, client, "query", "SELECT count(*) FROM kept");
    assertThat(query.out()).as(query + daemon.log.toString()).contains("value 100");
    Result get = NetworkJava.run(it, net, CLIENT, client, "redis-get", "greeting");
    assertThat(get.out()).as(get.toString()).contains("value hello");
    assertThat(daemon.log.toString()).contains(shop + "/db woke from frozen").contains(shop + "/cache woke from frozen");

    // Idle again past the stop window: stopped, a placeholder holding its name and address.
    awaitState(db, "exited", Duration.ofSeconds(60));
    awaitState(cache, "exited", Duration.ofSeconds(60));
    assertThat(placeholder(db)).isTrue();
    assertThat(it.run(env, "plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
    assertThat(sleepOf(env, file, shop + "/addon/cache").get("state").asText()).isEqualTo("stopped");

    // psql without TLS, SCRAM through the waker, from the app's own container, with the variable it was given.
    String url = variables(env, file, shop).get("DATABASE_URL");
    Result psql = ItContext.exec("orkestr_" + shop + "_web", "psql '" + url + "?sslmode=disable' -tAc 'SELECT count(*) FROM kept'");
    assertThat(psql.out().strip()).as(psql.toString()).isEqualTo("100");
    Result again = NetworkJava.run(it, net, CLIENT, client, "redis-get", "greeting");
    assertThat(again.out()).as(again.toString()).contains("value hello");
    assertThat(daemon.log.toString()).contains(shop + "/db woke from stopped").contains(shop + "/cache woke from stopped");
    assertThat(placeholder(db)).isFalse();
    assertThat(state(db)).isEqualTo("running");

    String events = Files.readString(it.home().resolve("events.log"));
    assertThat(events).contains("\"addon.froze\"").contains("\"addon.stopped\"").contains("\"addon.woke\"");
    String metrics = daemon.send("GET", "/metrics", null, null).body();
    assertThat(metrics).contains("orkestr_wake_duration_seconds_count{stage=\"frozen\"}").contains("orkestr_sleep_transitions_total{to=\"stopped\"}");
  }
}

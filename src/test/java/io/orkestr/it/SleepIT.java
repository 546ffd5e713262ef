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

  /** A failed test's report shows what its daemons did (their sleeps and wakes). */
  @RegisterExtension
  final org.junit.jupiter.api.extension.TestWatcher daemonLogs = new org.junit.jupiter.api.extension.TestWatcher() {
    @Override
    public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
      for (ServeProcess d : daemons) d.log.toString().lines().filter(l -> !l.contains(" DEBUG ")).forEach(l -> System.out.println("serve: " + l));
    }
  };

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
        + "  nap: {cpu: 0.5, memory: 256Mi, storage: 256Mi, max_addons: 3, connections: 30, sleep: {freeze_after: 4s, stop_after: 20s},"
        + " backups: {manual_per_day: 20, automatic: true, retention: 1d, min_interval: 1s}}\n"
        + "  doze: {cpu: 0.5, memory: 256Mi, storage: 256Mi, max_addons: 3, connections: 30, sleep: {freeze_after: 2s, stop_after: 5s},"
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
    // The database was asked first, still frozen; the cache may have gone on to stopped while the first client ran. (A client
    // is passed on as soon as its engine answers; the wake's log line follows its bookkeeping.)
    ItContext.await("both wakes logged", Duration.ofSeconds(10), () -> daemon.log.toString().contains(shop + "/db woke from frozen")
        && java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(shop) + "/cache woke from (frozen|stopped)").matcher(daemon.log).find());

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
    ItContext.await("both wakes logged", Duration.ofSeconds(10), () -> daemon.log.toString().contains(shop + "/db woke from stopped")
        && daemon.log.toString().contains(shop + "/cache woke from stopped"));
    assertThat(state(db)).isEqualTo("running");
    // Its placeholder retired: the name is the add-on's alone again (the placeholder keeps its own address a while).
    String own = TestDocker.ip(db, net);
    Result lookup = ItContext.exec("orkestr_" + shop + "_web", "getent ahostsv4 db | awk '{print $1}' | sort -u");
    assertThat(lookup.out().strip()).as(lookup.toString()).isEqualTo(own);

    String events = Files.readString(it.home().resolve("events.log"));
    assertThat(events).contains("\"addon.froze\"").contains("\"addon.stopped\"").contains("\"addon.woke\"");
    String metrics = daemon.send("GET", "/metrics", null, null).body();
    assertThat(metrics).contains("orkestr_wake_duration_seconds_count{stage=\"frozen\"}").contains("orkestr_sleep_transitions_total{to=\"stopped\"}");
  }

  /** A project with only add-ons (its clients run on its network as probes). */
  String addOns(String name, String plan, String dbExtra) {
    return "  - name: " + name + "\n    plan: " + plan + "\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"17\"" + (dbExtra.isEmpty() ? "" : ", " + dbExtra) + "}\n"
        + "      - {name: cache, type: redis, version: \"8\"}\n";
  }

  /** A shell loop in a probe container on the network, with the given variables, until the test ends. */
  String loop(String network, Map<String, String> vars, String shell) {
    List<String> env = new ArrayList<>();
    vars.forEach((k, v) -> env.add(k + "=" + v));
    var c = TestDocker.CLIENT.createContainerCmd(ItContext.PROBE_IMAGE).withName("orkestr-loop-" + Long.toHexString(System.nanoTime()))
        .withLabels(Map.of(ItContext.RUN_LABEL, it.runId())).withEnv(env).withCmd("sh", "-c", shell)
        .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(network)).exec();
    TestDocker.CLIENT.startContainerCmd(c.getId()).exec();
    return c.getId();
  }

  @Test
  void twentyClientsConnectingAtOnceToAStoppedAddOnAllGetTheirAnswerAndItStartsOnce() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = write(addOns(shop, "doze", ""));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    Map<String, String> client = clientEnv(variables(env, file, shop));
    String db = "orkestr_" + shop + "_db";
    ServeProcess daemon = serve(env, file);
    awaitState(db, "exited", Duration.ofSeconds(40));
    Instant since = Instant.now();

    Result many = NetworkJava.run(it, "orkestr_" + shop + "_private", CLIENT, client, "many", "20", "SELECT 42");

    assertThat(many.exitCode()).as(many + daemon.log.toString()).isZero();
    assertThat(many.out().lines().filter(l -> l.equals("ok " + l.split(" ")[1] + " 42"))).hasSize(20);
    List<String> starts = new ArrayList<>();
    TestDocker.CLIENT.eventsCmd().withSince(Long.toString(since.getEpochSecond())).withUntil(Long.toString(Instant.now().getEpochSecond() + 1))
        .withContainerFilter(TestDocker.inspect(db).getId()).withEventFilter("start").exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
            com.github.dockerjava.api.model.Event>() {
          @Override
          public void onNext(com.github.dockerjava.api.model.Event e) {
            starts.add(e.getId());
          }
        }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(starts).as("one wake for all of them").hasSize(1);
    ItContext.await("the wake logged", Duration.ofSeconds(10), () -> daemon.log.toString().contains(shop + "/db woke from stopped"));
    assertThat(daemon.log.toString().split(shop + "/db woke from stopped", -1)).hasSize(2);
  }

  @Test
  void quietPoolsAndPingsLetItSleepWhileQueriesOpenTransactionsOrAPlanThatNeverSleepsKeepItAwake() throws Exception {
    Map<String, String> env = env();
    String quiet = it.project("quiet");
    String busy = it.project("busy");
    String tx = it.project("tx");
    String big = it.project("big");
    String never = it.project("never");
    String file = write(addOns(quiet, "nap", ""), addOns(busy, "nap", ""), addOns(tx, "nap", ""), addOns(big, "always", ""),
        addOns(never, "nap", "sleep: never"));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    Map<String, String> quietVars = variables(env, file, quiet);
    Map<String, String> busyVars = variables(env, file, busy);
    Map<String, String> txVars = variables(env, file, tx);

    // A pool holding open, unused connections, and a Redis client that only PINGs every second: not use.
    Map<String, String> pool = new HashMap<>(clientEnv(quietVars));
    List<String> clients = new ArrayList<>();
    clients.add(NetworkJava.start(it, "orkestr_" + quiet + "_private", CLIENT, pool, "pool", "3", "120"));
    loop("orkestr_" + quiet + "_private", quietVars, "while true; do redis-cli -u \"$REDIS_URL\" --no-auth-warning ping >/dev/null; sleep 1; done");
    // A query every second and a write every second; an open transaction: use.
    Map<String, String> busyClient = new HashMap<>(clientEnv(busyVars));
    busyClient.put("APP_NAME", "busy-client");
    clients.add(NetworkJava.start(it, "orkestr_" + busy + "_private", CLIENT, busyClient, "every", "120", "SELECT 1"));
    clients.add(NetworkJava.start(it, "orkestr_" + busy + "_private", CLIENT, busyClient, "redis-every", "120"));
    clients.add(loop("orkestr_" + tx + "_private", txVars, "(echo 'BEGIN; SELECT 1;'; echo '\\\\! echo ready'; sleep 120) | psql -qtA \"$DATABASE_URL\""));
    // The clients are at work before the daemon starts: its idle windows start with them.
    for (String c : clients) {
      ItContext.await("client " + c + " at work", Duration.ofSeconds(60), () -> {
        String out = ItContext.logs(c);
        return out.contains("ready") || out.contains("holding");
      });
    }
    ServeProcess daemon = serve(env, file);

    awaitState("orkestr_" + quiet + "_db", "paused", Duration.ofSeconds(40));
    awaitState("orkestr_" + quiet + "_cache", "paused", Duration.ofSeconds(40));
    ItContext.holds("busy, in a transaction, on a plan that never sleeps, or sleep: never: all awake", Duration.ofSeconds(10), () ->
        List.of(busy + "_db", busy + "_cache", tx + "_db", big + "_db", big + "_cache", never + "_db").stream()
            .allMatch(c -> state("orkestr_" + c).equals("running")));
    // The add-on of that project that does not say sleep: never sleeps like the others.
    ItContext.await(never + "/cache asleep", Duration.ofSeconds(30), () -> !state("orkestr_" + never + "_cache").equals("running"));

    JsonNode busyDb = sleepOf(env, file, busy + "/addon/db");
    assertThat(busyDb.get("state").asText()).isEqualTo("awake");
    assertThat(busyDb.get("kept_awake_by").asText()).as(busyDb.toString()).contains("busy-client");
    assertThat(it.run(env, "status", "-f", file).out()).contains("busy-client").contains("sleeps at");
    assertThat(sleepOf(env, file, big + "/addon/db").isMissingNode()).as("a plan without sleep shows none").isTrue();
    assertThat(daemon.log.toString()).doesNotContain(busy + "/addon/db frozen");
  }

  @Test
  void anotherProjectCanNeitherReachNorWakeASleepingAddOnByNameOrByAddress() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String other = it.project("other");
    String file = write(addOns(shop, "nap", ""), addOns(other, "always", ""));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    String db = "orkestr_" + shop + "_db";
    String address = TestDocker.ip(db, "orkestr_" + shop + "_private");
    ServeProcess daemon = serve(env, file);
    awaitState(db, "paused", Duration.ofSeconds(30));
    String rules = new String(new ProcessBuilder("iptables", "-w", "-t", "nat", "-S", "ORKESTR-WAKE").start().getInputStream().readAllBytes());
    java.util.regex.Matcher waker = java.util.regex.Pattern.compile("-d " + java.util.regex.Pattern.quote(address)
        + "/32 .*orkestr-wake " + java.util.regex.Pattern.quote(shop) + "/addon/db .*--to-destination (\\S+):(\\d+)").matcher(rules);
    assertThat(waker.find()).as(rules).isTrue();
    String pw = it.password(shop, "db");

    Result byName = it.probe(List.of("orkestr_" + other + "_private"), "PGCONNECT_TIMEOUT=5 PGPASSWORD='" + pw + "' psql -h db -U db -d db -c 'select 1' 2>&1");
    Result byAddress = it.probe(List.of("orkestr_" + other + "_private"), "PGCONNECT_TIMEOUT=5 PGPASSWORD='" + pw + "' psql -h " + address
        + " -U db -d db -c 'select 1' 2>&1");
    Result theWaker = it.probe(List.of("orkestr_" + other + "_private"), "PGCONNECT_TIMEOUT=5 PGPASSWORD='" + pw + "' psql -h " + waker.group(1)
        + " -p " + waker.group(2) + " -U db -d db -c 'select 1' 2>&1");

    assertThat(byName.exitCode()).as(byName.out()).isNotZero();
    assertThat(byAddress.exitCode()).as(byAddress.out()).isNotZero();
    assertThat(theWaker.exitCode()).as(theWaker.out()).isNotZero();
    assertThat(state(db)).as("not woken").isEqualTo("paused");
    assertThat(daemon.log.toString()).doesNotContain("woke from").contains("refused a connection from");
  }

  @Test
  void afterKill9TheRestartedDaemonWakesItsSleepersAndSigtermLeavesNoneHalfWoken() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = write(addOns(shop, "doze", ""));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    Map<String, String> client = clientEnv(variables(env, file, shop));
    String net = "orkestr_" + shop + "_private";
    String db = "orkestr_" + shop + "_db";
    ServeProcess first = serve(env, file);
    awaitState(db, "paused", Duration.ofSeconds(30));
    first.process.destroyForcibly().waitFor();

    ServeProcess second = serve(env, file);
    Result query = NetworkJava.run(it, net, CLIENT, client, "query", "SELECT 7");
    assertThat(query.out()).as(query + second.log.toString()).contains("value 7");

    awaitState(db, "exited", Duration.ofSeconds(40));
    assertThat(second.stop()).isZero();
    assertThat(state(db)).isEqualTo("exited");
    assertThat(placeholder(db)).as("asleep as it was: its placeholder holds its place").isTrue();
    assertThat(it.run(env, "plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();

    ServeProcess third = serve(env, file);
    Result again = NetworkJava.run(it, net, CLIENT, client, "query", "SELECT 8");
    assertThat(again.out()).as(again + third.log.toString()).contains("value 8");
  }

  @Test
  void aClientThatLookedTheNameUpWhileItWasStoppedConnectsAgainAfterTheWake() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = write(addOns(shop, "doze", ""));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    Map<String, String> client = clientEnv(variables(env, file, shop));
    String db = "orkestr_" + shop + "_db";
    String net = "orkestr_" + shop + "_private";
    String own = TestDocker.ip(db, net);
    ServeProcess daemon = serve(env, file);
    awaitState(db, "exited", Duration.ofSeconds(40));
    // Docker keeps no address for a stopped container: another container takes the add-on's, which then wakes on another.
    var squatter = TestDocker.CLIENT.createContainerCmd(ItContext.PROBE_IMAGE).withName("orkestr-squat-" + Long.toHexString(System.nanoTime()))
        .withLabels(Map.of(ItContext.RUN_LABEL, it.runId())).withCmd("sleep", "infinity").withIpv4Address(own)
        .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(net)).exec();
    TestDocker.CLIENT.startContainerCmd(squatter.getId()).exec();

    Result twice = NetworkJava.run(it, net, CLIENT, client, "again", "SELECT 6", "3");
    assertThat(twice.out()).as(twice + daemon.log.toString()).contains("first 6").contains("again 6");
    assertThat(daemon.log.toString()).contains("could not start on its own addresses");
    assertThat(diversions()).as("nothing diverted but the retired placeholder's address").doesNotContain("-d " + own + "/32");

    // Stopped again: the retired placeholder gave way to the new one, and the next client wakes it as the first did.
    awaitState(db, "exited", Duration.ofSeconds(40));
    assertThat(TestDocker.CLIENT.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("orkestr.placeholder-of", shop + "/addon/db"))
        .exec()).hasSize(1);
    Result later = NetworkJava.run(it, net, CLIENT, client, "query", "SELECT 7");
    assertThat(later.out()).as(later + daemon.log.toString()).contains("value 7");
  }

  @Test
  void aSleeperWhosePlanNoLongerSleepsIsWokenByTheNextReconcileWithNothingLeftOfItsSleep() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = write(addOns(shop, "doze", ""));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    String db = "orkestr_" + shop + "_db";
    String cache = "orkestr_" + shop + "_cache";
    ServeProcess daemon = serve(env, file);
    awaitState(db, "exited", Duration.ofSeconds(40));
    awaitState(cache, "exited", Duration.ofSeconds(40));

    // The plan changes to one that never sleeps: the watched file's change is applied, and wakes them.
    Path manifest = Path.of(file);
    Files.writeString(manifest, Files.readString(manifest).replace("plan: doze", "plan: always"));
    awaitState(db, "running", Duration.ofSeconds(60));
    awaitState(cache, "running", Duration.ofSeconds(60));
    ItContext.await("no placeholder and no diversion left", Duration.ofSeconds(30), () -> !TestDocker.exists(db + "_asleep")
        && !TestDocker.exists(cache + "_asleep") && !diversions().contains(shop + "/addon/"));
    assertThat(it.run(env, "plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
    Result psql = it.probe(List.of("orkestr_" + shop + "_private"), "PGPASSWORD='" + it.password(shop, "db") + "' psql -h db -U db -d db -tAc 'select 3'");
    assertThat(psql.out().strip()).as(psql.toString() + daemon.log).isEqualTo("3");
    ItContext.holds("awake for good", Duration.ofSeconds(8), () -> state(db).equals("running") && state(cache).equals("running"));
  }

  static String diversions() {
    try {
      return new String(new ProcessBuilder("iptables", "-w", "-t", "nat", "-S", "ORKESTR-WAKE").start().getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void orkestrsOwnWorkLeavesASleeperAsleepOrPutsItBackAndWakeRunAndTheApiWakeIt() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = write(project(shop, "nap", "backups: {automatic: true, schedule: \"*/10 * * * * ?\"}"));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    String db = "orkestr_" + shop + "_db";
    ServeProcess daemon = serve(env, file);
    awaitState(db, "paused", Duration.ofSeconds(30));

    // Status (it measures storage), plan and apply leave it asleep.
    assertThat(it.run(env, "status", "-f", file).exitCode()).isZero();
    Result applied = it.run(env, "apply", "-f", file, "--auto-approve");
    assertThat(applied.out()).as(applied.toString()).contains("No changes");
    assertThat(state(db)).isEqualTo("paused");

    // An automatic backup brings it up, takes the backup, and puts it back to sleep.
    Instant frozen = Instant.now();
    ItContext.await("an automatic backup taken while it slept", Duration.ofSeconds(40), () -> {
      try {
        JsonNode all = JSON.readTree(it.run(env, "backup", "list", "-f", file, "--addon", shop + "/db", "-o", "json").out());
        for (JsonNode b : all) {
          if (b.get("kind").asText().equals("automatic") && b.get("status").asText().equals("succeeded")
              && Instant.parse(b.get("created").asText()).isAfter(frozen)) return true;
        }
        return false;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    ItContext.await("back to sleep after the backup", Duration.ofSeconds(20), () -> state(db).equals("paused"));
    assertThat(daemon.log.toString()).doesNotContain(shop + "/db woke from");

    // orkestr wake, the API's wake, and orkestr run wake it.
    Result wake = it.run(env, "wake", "-f", file, "--addon", shop + "/db");
    assertThat(wake.out()).as(wake.toString()).contains(shop + "/db woke from frozen in");
    assertThat(state(db)).isEqualTo("running");
    awaitState(db, "paused", Duration.ofSeconds(30));
    var api = daemon.send("POST", "/v1/projects/" + shop + "/addons/db/wake", null, null);
    assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
    assertThat(JSON.readTree(api.body()).get("from").asText()).isIn("frozen", "stopped");
    awaitState(db, "paused", Duration.ofSeconds(30));
    Result run = it.run(env, "run", "-f", file, "--project", shop, "--", "sh", "-c", "psql \"$DATABASE_URL\" -tAc 'SELECT 5'");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("5");
  }

  @Test
  void aClientOnTheEnginesHostConnectingToAFrozenAddOnsAddressWakesIt() throws Exception {
    // The diversion sees clients on the project's networks; one on the host (an operator's psql, this test) reaches the
    // paused engine itself, whose kernel takes the connection and keeps it waiting: the daemon sees it waiting and wakes it.
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = write(addOns(shop, "nap", ""));
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("CREATE TABLE kept AS SELECT 42 AS id");
    }
    String db = "orkestr_" + shop + "_db";
    String cache = "orkestr_" + shop + "_cache";
    ServeProcess daemon = serve(env, file);
    awaitState(db, "paused", Duration.ofSeconds(30));
    awaitState(cache, "paused", Duration.ofSeconds(30));

    java.sql.DriverManager.setLoginTimeout(30);
    try (Connection c = it.appDb(shop); var rs = c.createStatement().executeQuery("SELECT id FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
    var config = redis.clients.jedis.DefaultJedisClientConfig.builder().connectionTimeoutMillis(30_000).socketTimeoutMillis(30_000)
        .password(it.password(shop, "cache")).build();
    try (Jedis r = new Jedis(new redis.clients.jedis.HostAndPort(TestDocker.ip(cache, "orkestr_" + shop + "_private"), 6379), config)) {
      assertThat(r.ping()).isEqualTo("PONG");
    }
    ItContext.await("both wakes logged", Duration.ofSeconds(10), () -> daemon.log.toString().contains(shop + "/db woke from frozen")
        && daemon.log.toString().contains(shop + "/cache woke from frozen"));
    assertThat(daemon.log.toString()).contains("(by a client waiting at its address)");
  }
}

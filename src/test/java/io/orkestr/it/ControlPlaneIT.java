package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** orkestr serve -f on the real engine: it repairs drift, follows the manifest's file, and stops and restarts cleanly. */
@Tag("docker")
class ControlPlaneIT {
  @RegisterExtension final ItContext it = new ItContext();
  private final List<ServeProcess> daemons = new ArrayList<>();

  @AfterEach
  void stopDaemons() throws Exception {
    for (ServeProcess d : daemons) d.close(); // before ItContext removes what the test made
  }

  private ServeProcess serve(String file, String... extra) {
    ServeProcess d = ServeProcess.start(it, env(), file, extra);
    daemons.add(d);
    return d;
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(it.env());
    env.put("ORKESTR_DAEMON", "off");
    return env;
  }

  private String name(String project, String addon) {
    return "orkestr_" + project + "_" + addon;
  }

  /** Containers of this test's manifest, by their key label. */
  private Map<String, List<Container>> byKey() {
    return TestDocker.containers("orkestr.manifest=" + it.manifest()).stream()
        .collect(Collectors.groupingBy(c -> c.getLabels().getOrDefault("orkestr.key", "?")));
  }

  @Test
  void anAddOnContainerRemovedByHandIsBackAndReadyWithinTenSecondsWithItsDataAndANetworkRemovedIsRecreated() throws Exception {
    String shop = it.project("shop");
    String file = it.write("version: 1\nprojects:\n  - name: " + shop + "\n    plan: pro\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"15\"}\n      - {name: cache, type: redis, version: \"7\"}\n").toString();
    assertThat(it.run(env(), "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    try (Connection c = it.appDb(shop); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    }
    ServeProcess daemon = serve(file);
    daemon.awaitReconciled(1, Duration.ofSeconds(60));

    long removed = System.nanoTime();
    TestDocker.CLIENT.removeContainerCmd(name(shop, "db")).withForce(true).exec();
    String[] value = {null};
    ItContext.await("back and answering within 10 s\n" + daemon.log, Duration.ofSeconds(10), () -> {
      try (Connection c = it.appDb(shop); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM kept")) {
        r.next();
        value[0] = r.getString(1);
        return true;
      } catch (Exception notYet) {
        return false;
      }
    });
    Duration back = Duration.ofNanos(System.nanoTime() - removed);
    System.out.println("postgres container removed by hand: answering again after " + back.toMillis() + " ms");
    assertThat(value[0]).isEqualTo("still here");
    assertThat(byKey().get(shop + "/addon/db")).hasSize(1);

    // A network removed by hand (its containers disconnected first, as Docker insists) is recreated and rejoined.
    String net = "orkestr_" + shop + "_private";
    for (String c : List.of(name(shop, "db"), name(shop, "cache"))) TestDocker.CLIENT.disconnectFromNetworkCmd().withNetworkId(net).withContainerId(c).withForce(true).exec();
    TestDocker.CLIENT.removeNetworkCmd(net).exec();
    ItContext.await("the network recreated with both add-ons on it", Duration.ofSeconds(20), () -> {
      try {
        var n = TestDocker.CLIENT.inspectNetworkCmd().withNetworkId(net).exec();
        return n.getContainers() != null && n.getContainers().size() == 2;
      } catch (RuntimeException gone) {
        return false;
      }
    });
    ItContext.await("Redis answering on the new network", Duration.ofSeconds(20), () -> {
      try (Jedis r = new Jedis(TestDocker.ip(name(shop, "cache"), net), 6379)) {
        r.auth(it.password(shop, "cache"));
        return r.ping().equals("PONG");
      } catch (RuntimeException notYet) {
        return false;
      }
    });
    assertThat(daemon.log.toString()).contains("engine: network " + net).doesNotContain(it.password(shop, "db"));
  }

  @Test
  void editsOfTheWatchedFileAreFollowedAnInvalidOneChangesNothingAndAReplaceByRenameIsSeen() throws Exception {
    String shop = it.project("shop");
    String one = "version: 1\nprojects:\n  - name: " + shop + "\n    plan: pro\n    addons:\n      - {name: a, type: redis, version: \"7\"}\n";
    Path file = it.write(one);
    ServeProcess daemon = serve(file.toString());
    daemon.awaitReconciled(1, Duration.ofSeconds(60));
    assertThat(byKey()).containsOnlyKeys(shop + "/addon/a");

    // Edited in place: an add-on added.
    it.write(one + "      - {name: b, type: redis, version: \"7\"}\n");
    ItContext.await("add-on b created", Duration.ofSeconds(30), () -> byKey().containsKey(shop + "/addon/b"));

    // An invalid edit: reported, and nothing changes.
    try (SseClient events = new SseClient(daemon, daemon.json("/v1/status").get("last_event_id").asLong())) {
      daemon.awaitReconciled(2, Duration.ofSeconds(30));
      it.write("version: 1\nprojects:\n  - name: " + shop + "\n    plann: pro\n");
      SseClient.Received invalid = events.until("manifest.invalid", Duration.ofSeconds(20)).stream()
          .filter(e -> e.type().equals("manifest.invalid")).findFirst().orElseThrow();
      assertThat(invalid.data().get("problems").get(0).get("line").asInt()).isPositive();
      assertThat(invalid.data().toString()).contains("plann");
    }
    var status = daemon.json("/v1/status");
    assertThat(status.at("/loop/state").asText()).isEqualTo("waiting for a manifest change");
    assertThat(status.at("/errors/0/problems/0/path").asText()).startsWith("projects[0]");
    ItContext.holds("both add-ons left as they were", Duration.ofMillis(1500), () -> byKey().keySet().equals(java.util.Set.of(shop + "/addon/a",
        shop + "/addon/b")));
    assertThat(byKey()).containsOnlyKeys(shop + "/addon/a", shop + "/addon/b");
    assertThat(byKey().values()).allSatisfy(cs -> assertThat(cs.get(0).getState()).isEqualTo("running"));

    // Replaced the way git pull does it: written elsewhere, renamed over the watched file.
    Path elsewhere = file.resolveSibling(".orkestr.yaml.tmp");
    Files.writeString(elsewhere, "name: " + it.manifest() + "\n" + one);
    Files.move(elsewhere, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    ItContext.await("add-on b removed after the rename", Duration.ofSeconds(30), () -> !byKey().containsKey(shop + "/addon/b"));
    assertThat(byKey()).containsOnlyKeys(shop + "/addon/a");
    assertThat(daemon.json("/v1/status").at("/loop/state").asText()).isIn("idle", "reconciling");
  }

  @Test
  void stoppedBySigtermOrKilledDuringAReconcileTheNextStartConvergesWithNoDuplicateOrOrphan() throws Exception {
    String shop = it.project("shop");
    StringBuilder yaml = new StringBuilder("version: 1\nprojects:\n  - name: " + shop + "\n    plan: business\n    addons:\n");
    for (String a : List.of("db1", "db2", "db3")) yaml.append("      - {name: ").append(a).append(", type: postgres, version: \"15\"}\n");
    String file = it.write(yaml.toString()).toString();

    ServeProcess first = serve(file);
    try (SseClient events = new SseClient(first, null)) {
      events.until("change.applied", Duration.ofSeconds(60)); // the network or a volume: the add-ons are still starting
    }
    long stopping = System.nanoTime();
    int code = first.stop();
    assertThat(code).as(first.log.toString()).isZero();
    assertThat(first.log.toString()).contains("orkestr serve: stopping").contains("orkestr serve: stopped");
    System.out.println("SIGTERM during a reconcile: exited 0 after " + Duration.ofNanos(System.nanoTime() - stopping).toMillis() + " ms");
    assertConvergesFromHere(file, shop);

    // kill -9 in the middle of replacing everything (a memory change on each add-on).
    it.write(yaml.toString().replace("plan: business", "plan: pro"));
    ServeProcess second = serve(file);
    // Into the replacements (its first reconcile starts at once): an add-on's container stopped, gone or not yet started.
    // Each is so for about a second, so the poll is tight rather than backing off.
    ItContext.await("a replacement under way", Duration.ofSeconds(60), Duration.ofMillis(10), () -> {
      List<Container> cs = TestDocker.containers("orkestr.project=" + shop);
      return cs.size() != 3 || cs.stream().anyMatch(c -> !c.getState().equals("running"));
    });
    second.process.destroyForcibly().waitFor();
    assertConvergesFromHere(file, shop);
  }

  private void assertConvergesFromHere(String file, String shop) throws Exception {
    ServeProcess next = serve(file);
    ItContext.await("a reconcile that finds nothing to do", Duration.ofSeconds(120), () -> {
      var s = next.json("/v1/status");
      return s.at("/last_reconcile/result").asText().equals("success") && s.at("/last_reconcile/summary/add").asInt() == 0
          && s.at("/last_reconcile/summary/change").asInt() == 0 && s.at("/last_reconcile/summary/destroy").asInt() == 0;
    });
    Map<String, List<Container>> now = byKey();
    assertThat(now).containsOnlyKeys(shop + "/addon/db1", shop + "/addon/db2", shop + "/addon/db3");
    now.forEach((key, cs) -> {
      assertThat(cs).as(key).hasSize(1);
      assertThat(cs.get(0).getState()).isEqualTo("running");
      assertThat(cs.get(0).getNames()[0]).isEqualTo("/" + name(shop, key.substring(key.lastIndexOf('/') + 1)));
    });
    assertThat(it.run(env(), "plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
    assertThat(next.stop()).isZero();
  }
}

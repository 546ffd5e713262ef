package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Automatic backups scheduled by orkestr serve -f on Quartz: they fire, unschedule with the manifest, and catch up once. */
@Tag("docker")
class BackupScheduleIT {
  @RegisterExtension final ItContext it = new ItContext();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Process> daemons = new ArrayList<>();

  @AfterEach
  void stopDaemons() throws Exception {
    for (Process p : daemons) {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Map<String, String> env() throws Exception {
    Path plans = it.dir().resolve("plans.yaml");
    Files.writeString(plans, "plans:\n  ticking: {cpu: 1, memory: 256Mi, storage: 1Gi, max_addons: 2,"
        + " backups: {automatic: true, retention: 7d, min_interval: 1s}}\n");
    Map<String, String> env = new HashMap<>(it.env());
    env.put("ORKESTR_PLANS", plans.toString());
    env.put("ORKESTR_DAEMON", "off");
    return env;
  }

  private String write(String project, String backups) {
    return it.write("version: 1\nprojects:\n  - name: " + project + "\n    plan: ticking\n    addons:\n"
        + "      - {name: cache, type: redis, version: \"7\", backups: " + backups + "}\n").toString();
  }

  private List<JsonNode> automatic(Map<String, String> env, String file, String project) throws Exception {
    Result r = it.run(env, "backup", "list", "-f", file, "--addon", project + "/cache", "-o", "json");
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(r.out())) if (n.get("kind").asText().equals("automatic")) out.add(n);
    return out;
  }

  private final StringBuffer daemonLog = new StringBuffer();

  /** How many lines of the daemon's log match the pattern. */
  private long count(String pattern) {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
    return daemonLog.toString().lines().filter(l -> p.matcher(l).find()).count();
  }

  private Process serve(Map<String, String> env, String file) {
    Process p = it.start(env, "serve", "-f", file, "--listen", "127.0.0.1:0");
    daemons.add(p);
    Thread reader = new Thread(() -> {
      try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream()))) {
        for (String line; (line = in.readLine()) != null; ) daemonLog.append(line).append('\n');
      } catch (java.io.IOException ignored) {
        // the daemon went
      }
    });
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  @Test
  void automaticBackupsFireOnTheirScheduleAndStopWhenTheManifestTurnsThemOff() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = write(shop, "{automatic: true, schedule: \"*/3 * * * * ?\", verify: true}");
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    assertThat(it.run(env, "status", "-f", file).out()).contains("automatic backups are on, but no orkestr serve -f schedules them");

    serve(env, file);
    ItContext.await("two automatic backups", Duration.ofSeconds(60), () -> {
      try {
        return automatic(env, file, shop).size() >= 2;
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(automatic(env, file, shop)).allSatisfy(b -> assertThat(b.get("status").asText()).isEqualTo("succeeded"));
    ItContext.await("a backup verified right after it was taken (verify: true)", Duration.ofSeconds(30), () -> {
      try {
        return automatic(env, file, shop).stream().anyMatch(b -> b.get("verified").asText().equals("verified"));
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(it.run(env, "status", "-f", file).out()).contains(shop + "/cache: last success").contains("scheduled by orkestr serve")
        .doesNotContain("no orkestr serve -f schedules them");

    write(shop, "{automatic: false}");
    ItContext.await("the daemon unschedules it", Duration.ofSeconds(30), () -> daemonLog.toString().contains("automatic backups of "
        + shop + "/cache unscheduled"));
    // A backup (and its verify) that started before the reload finishes first.
    ItContext.await("no automatic backup in progress", Duration.ofSeconds(60), () -> count("automatic backup of " + shop + "/cache started")
        == count("automatic backup \\S+ of " + shop + "/cache (taken|failed)") + count("automatic backup of " + shop + "/cache failed"));
    int after = automatic(env, file, shop).size();
    ItContext.holds("no automatic backup for more than two periods of the old schedule", Duration.ofSeconds(7), () -> {
      try {
        return automatic(env, file, shop).size() == after;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void aBackupMissedWhileNoDaemonRanIsTakenOnceAtItsNextStart() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    // Daily at midnight UTC: nothing fires while the test runs, unless a firing was missed.
    String file = write(shop, "{automatic: true, schedule: \"0 0 0 * * ?\"}");
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    // An automatic backup as a daemon took it three days ago: two or three midnights were missed since.
    Process once = serve(env, file);
    ItContext.await("the daemon schedules it", Duration.ofSeconds(30), () -> it.run(env, "status", "-f", file).out().contains("scheduled by orkestr serve"));
    assertThat(automatic(env, file, shop)).isEmpty(); // no history: nothing to catch up
    once.destroy();
    once.waitFor(30, TimeUnit.SECONDS);
    Result taken = it.run(env, "backup", "create", "-f", file, "--addon", shop + "/cache");
    assertThat(taken.exitCode()).isEqualTo(1); // ticking has no manual backups: make an automatic one's record by hand
    Path dir = it.home().resolve("backups").resolve(it.manifest()).resolve(shop).resolve("cache");
    Files.createDirectories(dir);
    ObjectNode record = JSON.createObjectNode();
    Instant old = Instant.now().minus(Duration.ofDays(3));
    record.put("id", "20200101T000000Z-00000000").put("manifest", it.manifest()).put("addon", shop + "/addon/cache").put("engine", "redis")
        .put("version", "7.0.15").put("kind", "automatic").put("created", old.toString()).put("finished", old.toString()).put("size_bytes", 1)
        .put("sha256", "00".repeat(32)).put("status", "succeeded").putObject("contents").put("keys", 0);
    Files.writeString(dir.resolve("20200101T000000Z-00000000.json"), record.toPrettyString());
    Files.writeString(dir.resolve("20200101T000000Z-00000000.rdb"), "x");
    assertThat(it.run(env, "status", "-f", file).out()).contains(shop + "/cache: backup overdue: last success 3 days ago, schedule daily");

    serve(env, file);
    ItContext.await("one catch-up backup", Duration.ofSeconds(60), () -> {
      try {
        return automatic(env, file, shop).size() == 2;
      } catch (Exception e) {
        return false;
      }
    });
    ItContext.holds("no second catch-up backup", Duration.ofSeconds(8), () -> {
      try {
        return automatic(env, file, shop).size() == 2;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    List<JsonNode> all = automatic(env, file, shop);
    assertThat(all).hasSize(2); // the old one and exactly one catch-up: no burst for the midnights missed
    assertThat(Instant.parse(all.get(0).get("created").asText())).isAfter(Instant.now().minus(Duration.ofMinutes(2)));
  }
}

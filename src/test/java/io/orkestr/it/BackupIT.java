package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** Backups on the real engine: round trips, plan limits, damaged and interrupted backups, restores elsewhere, retention. */
@Tag("docker")
class BackupIT {
  @RegisterExtension final ItContext it = new ItContext();
  private static final ObjectMapper JSON = new ObjectMapper();

  private String manifest(String project, String plan, String... addons) {
    StringBuilder sb = new StringBuilder("version: 1\nprojects:\n  - name: " + project + "\n    plan: " + plan + "\n    addons:\n");
    for (String a : addons) sb.append("      - ").append(a).append('\n');
    return it.write(sb.toString()).toString();
  }

  private void apply(String file) {
    Result r = it.run("apply", "-f", file, "--auto-approve");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  private Connection db(String project, String addon) throws SQLException {
    String ip = TestDocker.ip("orkestr_" + project + "_" + addon, "orkestr_" + project + "_private");
    String ident = addon.replace('-', '_');
    return DriverManager.getConnection("jdbc:postgresql://" + ip + ":5432/" + ident, ident, it.password(project, addon));
  }

  private String backup(String file, String addon) {
    Result r = it.run("backup", "create", "-f", file, "--addon", addon);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.out().strip();
  }

  /** Every table's contents as one checksum each, ordered, so any changed, missing or extra row shows. */
  private static Map<String, String> checksums(Connection c) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    List<String> tables = new java.util.ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
        + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
      while (rs.next()) tables.add(rs.getString(1));
    }
    for (String t : tables) {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '')"
          + " FROM " + t + " x")) {
        rs.next();
        out.put(t, rs.getString(1));
      }
    }
    return out;
  }

  private static void fill(Connection c) throws SQLException {
    c.createStatement().execute("CREATE TABLE orders (id serial PRIMARY KEY, item text, price numeric(10, 2), at timestamptz DEFAULT now())");
    c.createStatement().execute("INSERT INTO orders (item, price) SELECT 'item ' || g, g * 1.5 FROM generate_series(1, 4000) g");
    c.createStatement().execute("CREATE SCHEMA shipping; CREATE TABLE shipping.parcels (id int, weight int); "
        + "INSERT INTO shipping.parcels SELECT g, g % 17 FROM generate_series(1, 1500) g");
    c.createStatement().execute("CREATE TABLE blobs (id int, data bytea)");
    Random random = new Random(7);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO blobs VALUES (?, ?)")) {
      for (int i = 0; i < 200; i++) {
        byte[] b = new byte[1024];
        random.nextBytes(b);
        ps.setInt(1, i);
        ps.setBytes(2, b);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private JsonNode list(String file, String addon) throws Exception {
    Result r = it.run("backup", "list", "-f", file, "--addon", addon, "-o", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return JSON.readTree(r.out());
  }

  @ParameterizedTest(name = "Postgres {0}")
  @ValueSource(strings = {"15", "17"})
  void aPostgresBackupRestoresEveryTableExactlyAndIsProvenByAVerify(String version) throws Exception {
    String shop = it.project("shop");
    String file = manifest(shop, "pro", "{name: db, type: postgres, version: \"" + version + "\"}");
    apply(file);
    Map<String, String> original;
    try (Connection c = db(shop, "db")) {
      fill(c);
      original = checksums(c);
    }

    String id = backup(file, shop + "/db");
    JsonNode entry = list(file, shop + "/db").get(0);
    assertThat(entry.get("id").asText()).isEqualTo(id);
    assertThat(entry.get("kind").asText()).isEqualTo("manual");
    assertThat(entry.get("status").asText()).isEqualTo("succeeded");
    assertThat(entry.get("version").asText()).startsWith(version + ".");
    assertThat(entry.get("sha256").asText()).hasSize(64);
    // The compression bin/bench-backup chose: zstd where pg_dump has it (16 on), zlib level 1 before.
    Path dump = it.home().resolve("backups").resolve(it.manifest()).resolve(shop).resolve("db").resolve(id + ".dump");
    Process list = new ProcessBuilder("docker", "exec", "-i", "orkestr_" + shop + "_db", "pg_restore", "--list")
        .redirectInput(dump.toFile()).redirectErrorStream(true).start();
    String toc = new String(list.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(list.waitFor()).as(toc).isZero();
    assertThat(toc).contains(version.equals("15") ? ";     Compression: 1\n" : ";     Compression: zstd\n");
    assertThat(entry.get("contents").get("public.orders").asLong()).isEqualTo(4000);
    assertThat(entry.get("contents").get("shipping.parcels").asLong()).isEqualTo(1500);
    assertThat(entry.get("verified").asText()).isEqualTo("never");
    Result verify = it.run("backup", "verify", "-f", file, "--addon", shop + "/db");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(list(file, shop + "/db").get(0).get("verified").asText()).isEqualTo("verified");

    Connection during = db(shop, "db");
    try (Connection c = db(shop, "db")) {
      c.createStatement().execute("UPDATE orders SET price = 0 WHERE id < 100; DELETE FROM shipping.parcels; DROP TABLE blobs");
    }
    Result restore = it.run("backup", "restore", "-f", file, "--addon", shop + "/db", id, "--auto-approve");

    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.out()).contains("Restored " + shop + "/db from backup " + id);
    // A session open when the restore began was ended; new ones work, as the app's role, which owns everything again.
    assertThatThrownBy(() -> during.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
    try (Connection c = db(shop, "db")) {
      assertThat(checksums(c)).isEqualTo(original);
      try (ResultSet rs = c.createStatement().executeQuery("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname IN ('public', 'shipping')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("db");
        assertThat(rs.next()).isFalse();
      }
      c.createStatement().execute("INSERT INTO orders (item, price) VALUES ('after', 1)");
    }
    assertThat(list(file, shop + "/db").get(0).get("kind").asText()).isEqualTo("pre-restore");
  }

  @Test
  void aRedisBackupRestoresEveryKeyExactlyAndSurvivesARestart() throws Exception {
    String shop = it.project("shop");
    String file = manifest(shop, "pro", "{name: cache, type: redis, version: \"7\"}");
    apply(file);
    String ip = TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private");
    Map<String, byte[]> original = new HashMap<>();
    Random random = new Random(11);
    try (Jedis redis = new Jedis(ip, 6379)) {
      redis.auth(it.password(shop, "cache"));
      for (int i = 0; i < 2000; i++) {
        byte[] v = new byte[100 + random.nextInt(400)];
        random.nextBytes(v);
        original.put("key:" + i, v);
        redis.set(("key:" + i).getBytes(), v);
      }
    }

    String id = backup(file, shop + "/cache");
    assertThat(list(file, shop + "/cache").get(0).get("contents").get("keys").asLong()).isEqualTo(2000);
    try (Jedis redis = new Jedis(ip, 6379)) {
      redis.auth(it.password(shop, "cache"));
      redis.flushAll();
      redis.set("after", "the backup");
    }
    Result restore = it.run("backup", "restore", "-f", file, "--addon", shop + "/cache", id, "--auto-approve");
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TestDocker.CLIENT.restartContainerCmd("orkestr_" + shop + "_cache").exec(); // the AOF it starts from holds the snapshot

    String again = TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private");
    ItContext.await("Redis answers", Duration.ofSeconds(30), () -> {
      try (Jedis redis = new Jedis(again, 6379)) {
        redis.auth(it.password(shop, "cache"));
        return redis.dbSize() == 2000;
      } catch (RuntimeException e) {
        return false;
      }
    });
    try (Jedis redis = new Jedis(again, 6379)) {
      redis.auth(it.password(shop, "cache"));
      for (Map.Entry<String, byte[]> e : original.entrySet()) assertThat(redis.get(e.getKey().getBytes())).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(redis.exists("after")).isFalse();
    }
  }

  @Test
  void theFourthManualBackupOfADayOnProIsRefusedAndFreeHasNone() {
    String shop = it.project("shop");
    String blog = it.project("blog");
    String file = it.write("version: 1\nprojects:\n  - {name: " + shop + ", plan: pro, addons: [{name: db, type: postgres, version: \"15\"}]}\n"
        + "  - {name: " + blog + ", plan: free, addons: [{name: cache, type: redis, version: \"7\"}]}\n").toString();
    apply(file);
    for (int i = 0; i < 3; i++) backup(file, shop + "/db");

    Result fourth = it.run("backup", "create", "-f", file, "--addon", shop + "/db");
    Result free = it.run("backup", "create", "-f", file, "--addon", blog + "/cache");

    assertThat(fourth.exitCode()).isEqualTo(1);
    assertThat(fourth.err()).startsWith("error: plan pro allows 3 manual backups of " + shop + "/db a day (UTC); 3 were taken today,")
        .contains("the next is allowed at 00:00 UTC, in ");
    assertThat(free.exitCode()).isEqualTo(1);
    assertThat(free.err()).startsWith("error: plan free does not include manual backups; plans with them: pro (3 a day), business (10 a day)");
  }

  @Test
  void aDamagedBackupIsRefusedByRestoreAndFailsVerificationWithNothingChanged() throws Exception {
    String shop = it.project("shop");
    String file = manifest(shop, "pro", "{name: db, type: postgres, version: \"15\"}");
    apply(file);
    try (Connection c = db(shop, "db")) {
      fill(c);
    }
    String id = backup(file, shop + "/db");
    try (Connection c = db(shop, "db")) {
      c.createStatement().execute("DELETE FROM orders WHERE id > 10");
    }
    Path dump = it.home().resolve("backups").resolve(it.manifest()).resolve(shop).resolve("db").resolve(id + ".dump");
    try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x01);
    }

    Result restore = it.run("backup", "restore", "-f", file, "--addon", shop + "/db", id, "--auto-approve");
    Result verify = it.run("backup", "verify", "-f", file, "--addon", shop + "/db", id);

    assertThat(restore.exitCode()).isEqualTo(1);
    assertThat(restore.err()).contains("backup " + id + " is damaged").contains("it was not restored");
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.err()).contains("did not verify");
    try (Connection c = db(shop, "db"); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM orders")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(10);
    }
    assertThat(list(file, shop + "/db").get(0).get("verified").asText()).isEqualTo("failed");
  }

  @Test
  void restoreToAnotherAddOnLeavesTheSourceAloneAndAPreRestoreBackupUndoesARestore() throws Exception {
    String shop = it.project("shop");
    String file = manifest(shop, "pro", "{name: db, type: postgres, version: \"15\"}", "{name: db-copy, type: postgres, version: \"15\"}");
    apply(file);
    try (Connection c = db(shop, "db")) {
      c.createStatement().execute("CREATE TABLE notes (v text); INSERT INTO notes VALUES ('first')");
    }
    String first = backup(file, shop + "/db");
    try (Connection c = db(shop, "db")) {
      c.createStatement().execute("INSERT INTO notes VALUES ('second')");
    }

    Result copy = it.run("backup", "restore", "-f", file, "--addon", shop + "/db", first, "--to", shop + "/db-copy", "--auto-approve");
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
    assertThat(rows(shop, "db-copy")).containsExactly("first");
    assertThat(rows(shop, "db")).containsExactly("first", "second");

    Result inPlace = it.run("backup", "restore", "-f", file, "--addon", shop + "/db", first, "--auto-approve");
    assertThat(rows(shop, "db")).containsExactly("first");
    String undo = inPlace.out().lines().filter(l -> l.startsWith("Its data before the restore is backup ")).findFirst().orElseThrow()
        .replaceAll("^Its data before the restore is backup (\\S+);.*$", "$1");
    Result back = it.run("backup", "restore", "-f", file, "--addon", shop + "/db", undo, "--auto-approve");
    assertThat(back.exitCode()).as(back.toString()).isZero();
    assertThat(rows(shop, "db")).containsExactly("first", "second");
  }

  private List<String> rows(String project, String addon) throws SQLException {
    try (Connection c = db(project, addon); ResultSet rs = c.createStatement().executeQuery("SELECT v FROM notes ORDER BY v")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    }
  }

  /** The pids of a process by name in a container (the images have no procps: /proc is read). */
  private static final String PIDS = "for p in /proc/[0-9]*; do [ \"$(cat $p/comm 2>/dev/null)\" = pg_dump ] && echo ${p#/proc/}; done; true";

  private static boolean dumping(String container) {
    return !ItContext.exec(container, PIDS).out().isBlank();
  }

  @Test
  void aBackupKilledHalfWayIsNeverASuccessAndTheNextOneWorks() throws Exception {
    String shop = it.project("shop");
    String file = manifest(shop, "business", "{name: db, type: postgres, version: \"15\"}");
    apply(file);
    try (Connection c = db(shop, "db")) {
      // Random text compresses badly: the dump takes a few seconds, time to kill it.
      c.createStatement().execute("CREATE TABLE big AS SELECT g AS id, md5(random()::text) || md5(random()::text) AS pad"
          + " FROM generate_series(1, 1500000) g");
    }
    String container = "orkestr_" + shop + "_db";

    // pg_dump killed inside the container: recorded as failed, with pg_dump's reason.
    Process orkestr = it.start(it.env(), "backup", "create", "-f", file, "--addon", shop + "/db");
    ItContext.await("pg_dump runs", Duration.ofSeconds(60), () -> dumping(container));
    ItContext.exec(container, "kill -9 $(" + PIDS + ")");
    assertThat(orkestr.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(orkestr.getErrorStream().readAllBytes());
    assertThat(orkestr.exitValue()).as(err).isEqualTo(1);
    assertThat(err).contains("failed: pg_dump failed");
    JsonNode failed = list(file, shop + "/db").get(0);
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("failure").asText()).contains("pg_dump");

    // orkestr itself killed: nothing that looks like a backup is left.
    Process killed = it.start(it.env(), "backup", "create", "-f", file, "--addon", shop + "/db");
    ItContext.await("pg_dump runs again", Duration.ofSeconds(60), () -> dumping(container));
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    ItContext.await("the orphaned pg_dump ends", Duration.ofSeconds(60), () -> !dumping(container));
    assertThat(list(file, shop + "/db")).allSatisfy(b -> assertThat(b.get("status").asText()).isEqualTo("failed"));

    String id = backup(file, shop + "/db");
    assertThat(list(file, shop + "/db").get(0).get("id").asText()).isEqualTo(id);
    assertThat(list(file, shop + "/db").get(0).get("status").asText()).isEqualTo("succeeded");
    assertThat(list(file, shop + "/db").get(0).get("contents").get("public.big").asLong()).isEqualTo(1_500_000L);
  }

  @Test
  void pruneDryRunListsWhatRetentionLetsGoAndChangesNothingThenPruneDeletesItButTheNewest() throws Exception {
    String shop = it.project("shop");
    Path plans = it.dir().resolve("plans.yaml");
    Files.writeString(plans, "plans:\n  keep-a-day: {cpu: 1, memory: 256Mi, storage: 1Gi, max_addons: 2,"
        + " backups: {manual_per_day: 10, retention: 1d}}\n");
    Map<String, String> env = new HashMap<>(it.env());
    env.put("ORKESTR_PLANS", plans.toString());
    String file = manifest(shop, "keep-a-day", "{name: cache, type: redis, version: \"7\"}");
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    String[] ids = new String[3];
    for (int i = 0; i < 3; i++) ids[i] = it.run(env, "backup", "create", "-f", file, "--addon", shop + "/cache").out().strip();
    // The two older ones are made three days old, as a clock would have it.
    for (int i = 0; i < 2; i++) {
      Path record = it.home().resolve("backups").resolve(it.manifest()).resolve(shop).resolve("cache").resolve(ids[i] + ".json");
      ObjectNode n = (ObjectNode) JSON.readTree(record.toFile());
      n.put("created", Instant.now().minus(Duration.ofDays(3)).minusSeconds(10 - i).toString());
      Files.writeString(record, n.toPrettyString());
    }

    Result dry = it.run(env, "backup", "prune", "-f", file, "--dry-run");
    assertThat(dry.out()).contains("would delete " + ids[0]).contains("would delete " + ids[1]).doesNotContain(ids[2]);
    assertThat(it.run(env, "backup", "list", "-f", file).out()).contains(ids[0], ids[1], ids[2]);

    Result prune = it.run(env, "backup", "prune", "-f", file);
    assertThat(prune.out()).contains("deleted " + ids[0]).contains("deleted " + ids[1]);
    assertThat(it.run(env, "backup", "list", "-f", file).out()).doesNotContain(ids[0]).doesNotContain(ids[1]).contains(ids[2]);
  }

  @Test
  void noBackupCommandEverPrintsAPassword() throws Exception {
    String shop = it.project("shop");
    String file = manifest(shop, "pro", "{name: db, type: postgres, version: \"15\"}", "{name: cache, type: redis, version: \"7\"}");
    apply(file);
    String id = backup(file, shop + "/db");
    String cacheId = backup(file, shop + "/cache");
    List<Result> outputs = List.of(
        it.run("backup", "list", "-f", file), it.run("backup", "list", "-f", file, "-o", "json"),
        // --debug in processes of their own: their DEBUG logs (every Docker call) are in what they print
        it.runProcess("--debug", "backup", "verify", "-f", file, "--addon", shop + "/db", id),
        it.runProcess("--debug", "backup", "verify", "-f", file, "--addon", shop + "/cache", cacheId),
        it.runProcess("--debug", "backup", "restore", "-f", file, "--addon", shop + "/cache", cacheId, "--auto-approve"),
        it.runProcess("--debug", "backup", "create", "-f", file, "--addon", shop + "/db", "--note", "secret check"),
        it.run("backup", "restore", "-f", file, "--addon", shop + "/db", "no-such-id", "--auto-approve"));
    List<String> secrets = List.of(it.password(shop, "db"), it.adminPassword(shop, "db"), it.password(shop, "cache"),
        it.adminPassword(shop, "cache"));
    for (Result r : outputs) {
      for (String s : secrets) assertThat(r.out() + r.err()).doesNotContain(s);
    }
    assertThat(outputs.get(4).exitCode()).as(outputs.get(4).toString()).isZero();
    assertThat(outputs.get(6).err()).contains("no backup no-such-id");
  }
}

package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Off-site backups against a real S3-compatible server (S3Proxy on loopback), with Debian's aws CLI
 * and age as the clients nobody here wrote: copies are encrypted before they leave, restore and
 * verify fetch them back when this machine has none, and a fresh machine restores from the bucket.
 */
@Tag("docker")
class OffsiteBackupIT {
  @RegisterExtension final ItContext it = new ItContext();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static S3Server s3;
  private static Path keys;

  @BeforeAll
  static void store() throws Exception {
    s3 = new S3Server().start();
    keys = Files.createTempDirectory("orkestr-age-");
    for (String k : new String[] {"key.txt", "other.txt"}) {
      Process p = new ProcessBuilder("age-keygen", "-o", keys.resolve(k).toString()).redirectErrorStream(true).start();
      assertThat(p.waitFor()).isZero();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) s3.close();
    try (var files = Files.walk(keys)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String recipient(String keyFile) throws Exception {
    return Files.readAllLines(keys.resolve(keyFile)).stream().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
        .substring("# public key: ".length());
  }

  /** A bucket of its own per test, and the manifest's off-site section pointing at it. */
  private String offsite(String bucket, String endpoint, String encryption) {
    s3.makeBucket(bucket);
    return "backups:\n  offsite:\n    url: s3://" + bucket + "/prod\n    endpoint: " + endpoint + "\n    path_style: true\n    " + encryption + "\n";
  }

  private String manifest(String offsite, String project, String... addons) {
    StringBuilder sb = new StringBuilder("version: 1\n" + offsite + "projects:\n  - name: " + project + "\n    plan: pro\n    addons:\n");
    for (String a : addons) sb.append("      - ").append(a).append('\n');
    return it.write(sb.toString()).toString();
  }

  private Map<String, String> env(Path home) {
    Map<String, String> env = new HashMap<>(it.env());
    env.putAll(s3.credentials());
    env.put("ORKESTR_HOME", home.toString());
    env.put("ORKESTR_AGE_IDENTITY", keys.resolve("key.txt").toString());
    return env;
  }

  private Result ok(Map<String, String> env, String... args) {
    Result r = it.run(env, args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private JsonNode list(Map<String, String> env, String file, String addon) throws Exception {
    return JSON.readTree(ok(env, "backup", "list", "-f", file, "--addon", addon, "-o", "json").out());
  }

  private Connection db(String project, Path home) throws SQLException {
    String ip = TestDocker.ip("orkestr_" + project + "_db", "orkestr_" + project + "_private");
    String password;
    try {
      password = Files.readString(home.resolve("credentials").resolve(project).resolve("db")).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return DriverManager.getConnection("jdbc:postgresql://" + ip + ":5432/db", "db", password);
  }

  private Jedis redis(String project, Path home) throws Exception {
    Jedis j = new Jedis(TestDocker.ip("orkestr_" + project + "_cache", "orkestr_" + project + "_private"), 6379);
    j.auth(Files.readString(home.resolve("credentials").resolve(project).resolve("cache")).trim());
    return j;
  }

  private static Map<String, String> checksums(Connection c) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    for (String t : new String[] {"orders", "parcels"}) {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) || ':' || md5(string_agg(x::text, '|' ORDER BY x::text)) FROM " + t + " x")) {
        rs.next();
        out.put(t, rs.getString(1));
      }
    }
    return out;
  }

  private static void fill(Connection c) throws SQLException {
    c.createStatement().execute("CREATE TABLE orders (id int PRIMARY KEY, item text, price numeric(10, 2))");
    c.createStatement().execute("INSERT INTO orders SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 3000) g");
    c.createStatement().execute("CREATE TABLE parcels (id int, weight int)");
    c.createStatement().execute("INSERT INTO parcels SELECT g, g % 17 FROM generate_series(1, 1500) g");
  }

  private static Map<String, byte[]> fill(Jedis redis) {
    Map<String, byte[]> keys = new HashMap<>();
    Random random = new Random(5);
    for (int i = 0; i < 500; i++) {
      byte[] v = new byte[50 + random.nextInt(200)];
      random.nextBytes(v);
      keys.put("key:" + i, v);
      redis.set(("key:" + i).getBytes(StandardCharsets.UTF_8), v);
    }
    return keys;
  }

  private static void assertSameKeys(Jedis redis, Map<String, byte[]> keys) {
    assertThat(redis.dbSize()).isEqualTo(keys.size());
    keys.forEach((k, v) -> assertThat(redis.get(k.getBytes(StandardCharsets.UTF_8))).as(k).isEqualTo(v));
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aBackupIsCopiedOffSiteEncryptedAndRestoresFromThereWhenTheLocalCopyIsGone() throws Exception {
    String shop = it.project("shop");
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String file = manifest(offsite(bucket, s3.endpoint(), "encrypt_to: [" + recipient("key.txt") + "]"), shop,
        "{name: db, type: postgres, version: \"17\"}", "{name: cache, type: redis, version: \"7\"}");
    Map<String, String> env = env(it.home());
    ok(env, "apply", "-f", file, "--auto-approve");
    Map<String, String> tables;
    try (Connection c = db(shop, it.home())) {
      fill(c);
      tables = checksums(c);
    }
    Map<String, byte[]> keys;
    try (Jedis r = redis(shop, it.home())) {
      keys = fill(r);
    }

    assertThat(ok(env, "plan", "-f", file).all()).contains("backups are also copied to s3://" + bucket + "/prod, encrypted to 1 age recipient");
    Result created = ok(env, "backup", "create", "-f", file, "--addon", shop + "/db");
    assertThat(created.err()).contains("Copied off-site to s3://" + bucket + "/prod, encrypted.");
    String dbId = created.out().strip();
    String cacheId = ok(env, "backup", "create", "-f", file, "--addon", shop + "/cache").out().strip();
    JsonNode entry = list(env, file, shop + "/db").get(0);
    assertThat(entry.get("where").asText()).isEqualTo("local+offsite");
    assertThat(entry.get("copies").get("offsite").asText()).isEqualTo("stored");

    // Debian's aws CLI sees the copy and its record, and the record holds no secret.
    String prefix = "s3://" + bucket + "/prod/" + it.manifest() + "/" + shop + "/db/";
    Result ls = s3.aws("s3", "ls", prefix);
    assertThat(ls.out()).contains(dbId + ".dump.age").contains(dbId + ".json");
    Path record = it.dir().resolve("record.json");
    assertThat(s3.aws("s3", "cp", prefix + dbId + ".json", record.toString()).exitCode()).isZero();
    JsonNode stored = JSON.readTree(record.toFile());
    assertThat(stored.get("sha256").asText()).isEqualTo(entry.get("sha256").asText());
    assertThat(stored.get("stored").get("encryption").asText()).isEqualTo("age");
    assertThat(stored.get("stored").get("sha256").asText()).hasSize(64).isNotEqualTo(stored.get("sha256").asText());
    assertThat(Files.readString(record)).doesNotContain(it.password(shop, "db"));

    // The local copies are lost; the data changes; restore and verify fetch the copies back.
    deleteTree(it.home().resolve("backups"));
    try (Connection c = db(shop, it.home())) {
      c.createStatement().execute("DELETE FROM orders WHERE id % 2 = 0; DROP TABLE parcels");
    }
    try (Jedis r = redis(shop, it.home())) {
      r.flushAll();
      r.set("after", "the backup");
    }
    assertThat(list(env, file, shop + "/db").get(0).get("where").asText()).isEqualTo("offsite");
    ok(env, "backup", "restore", "-f", file, "--addon", shop + "/db", "latest", "--auto-approve");
    ok(env, "backup", "restore", "-f", file, "--addon", shop + "/cache", cacheId, "--auto-approve");
    try (Connection c = db(shop, it.home())) {
      assertThat(checksums(c)).isEqualTo(tables);
    }
    try (Jedis r = redis(shop, it.home())) {
      assertSameKeys(r, keys);
    }
    JsonNode after = list(env, file, shop + "/db");
    JsonNode restored = null;
    for (JsonNode b : after) if (b.get("id").asText().equals(dbId)) restored = b;
    assertThat(restored).isNotNull();
    assertThat(restored.get("where").asText()).isEqualTo("local+offsite");
    Result verify = ok(env, "backup", "verify", "-f", file, "--addon", shop + "/db", dbId, "--from", "offsite");
    assertThat(verify.out()).contains("verified");
  }

  @Test
  void aFreshMachineWithTheSameManifestAndStoreGetsTheDataBack() throws Exception {
    String shop = it.project("shop");
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String file = manifest(offsite(bucket, s3.endpoint(), "encrypt_to: [" + recipient("key.txt") + "]"), shop,
        "{name: db, type: postgres, version: \"17\"}");
    Map<String, String> env = env(it.home());
    ok(env, "apply", "-f", file, "--auto-approve");
    Map<String, String> tables;
    try (Connection c = db(shop, it.home())) {
      fill(c);
      tables = checksums(c);
    }
    String id = ok(env, "backup", "create", "-f", file, "--addon", shop + "/db").out().strip();

    // The machine is lost: its containers, the add-on's volume and orkestr's home with the local backups.
    ok(env, "destroy", "-f", file, "--purge-data", "--auto-approve");
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data")).isFalse();
    Path fresh = Files.createTempDirectory("orkestr-home-");
    try {
      Map<String, String> again = env(fresh);
      JsonNode listed = list(again, file, shop + "/db");
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
      assertThat(listed.get(0).get("where").asText()).isEqualTo("offsite");
      ok(again, "apply", "-f", file, "--auto-approve");
      ok(again, "backup", "restore", "-f", file, "--addon", shop + "/db", "latest", "--auto-approve");
      try (Connection c = db(shop, fresh)) {
        assertThat(checksums(c)).isEqualTo(tables);
      }
    } finally {
      ItContext.removeByLabel("orkestr.manifest=" + it.manifest());
      ItContext.removeDisks(fresh.resolve("disks"));
      deleteTree(fresh);
    }
  }

  @Test
  void theCopyIsCiphertextThatAgeDecryptsToADumpPgRestoreReads() throws Exception {
    Backed backed = backedUpPostgres();
    String shop = backed.shop(), bucket = backed.bucket(), file = backed.file(), id = backed.id();
    Map<String, String> env = backed.env();
    Path copy = it.dir().resolve("copy.age");
    assertThat(s3.aws("s3", "cp", "s3://" + bucket + "/prod/" + it.manifest() + "/" + shop + "/db/" + id + ".dump.age", copy.toString())
        .exitCode()).isZero();
    assertThat(Files.readString(copy, StandardCharsets.ISO_8859_1)).startsWith("age-encryption.org/v1\n").doesNotContain("orders");
    assertThat(pgRestoreList(shop, copy)).as("pg_restore reads the ciphertext").isNotEqualTo(0);

    Path plain = it.dir().resolve("copy.dump");
    Process age = new ProcessBuilder("age", "-d", "-i", keys.resolve("key.txt").toString(), "-o", plain.toString(), copy.toString())
        .redirectErrorStream(true).start();
    String ageOut = new String(age.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(age.waitFor()).as(ageOut).isZero();
    assertThat(pgRestoreList(shop, plain)).isZero();
  }

  /** A project with a Postgres add-on whose copies go to a bucket of its own encrypted to key.txt: applied, filled, backed up. */
  private record Backed(String shop, String bucket, String file, Map<String, String> env, String id) {}

  private Backed backedUpPostgres() throws Exception {
    String shop = it.project("shop");
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String file = manifest(offsite(bucket, s3.endpoint(), "encrypt_to: [" + recipient("key.txt") + "]"), shop,
        "{name: db, type: postgres, version: \"17\"}");
    Map<String, String> env = env(it.home());
    ok(env, "apply", "-f", file, "--auto-approve");
    try (Connection c = db(shop, it.home())) {
      fill(c);
    }
    return new Backed(shop, bucket, file, env, ok(env, "backup", "create", "-f", file, "--addon", shop + "/db").out().strip());
  }

  /** pg_restore --list of a file, in the add-on's own container (the host has no pg_restore of its version). */
  private static int pgRestoreList(String project, Path file) throws Exception {
    Process p = new ProcessBuilder("docker", "exec", "-i", "orkestr_" + project + "_db", "pg_restore", "--list").redirectInput(file.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }

  @Test
  void aDamagedCopyAndAWrongKeyAreRefusedWithNothingChanged() throws Exception {
    Backed backed = backedUpPostgres();
    String shop = backed.shop(), bucket = backed.bucket(), file = backed.file(), id = backed.id();
    Map<String, String> env = backed.env();
    try (Connection c = db(shop, it.home())) {
      c.createStatement().execute("INSERT INTO parcels VALUES (-1, -1)");
    }
    String before;
    try (Connection c = db(shop, it.home())) {
      before = checksums(c).toString();
    }

    Map<String, String> wrongKey = new HashMap<>(env);
    wrongKey.put("ORKESTR_AGE_IDENTITY", keys.resolve("other.txt").toString());
    Result refused = it.run(wrongKey, "backup", "restore", "-f", file, "--addon", shop + "/db", id, "--from", "offsite", "--auto-approve");
    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("does not open it").doesNotContain("Exception").doesNotContain("\tat ");

    // One byte of the stored object flipped in the store's own files.
    Path object = s3.object(bucket, "prod/" + it.manifest() + "/" + shop + "/db/" + id + ".dump.age");
    try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x01);
    }
    Result damaged = it.run(env, "backup", "restore", "-f", file, "--addon", shop + "/db", id, "--from", "offsite", "--auto-approve");
    assertThat(damaged.exitCode()).as(damaged.toString()).isNotZero();
    assertThat(damaged.err()).contains("off-site copy of backup " + id).doesNotContain("\tat ");
    Result verify = it.run(env, "backup", "verify", "-f", file, "--addon", shop + "/db", id, "--from", "offsite");
    assertThat(verify.exitCode()).as(verify.toString()).isNotZero();
    try (Connection c = db(shop, it.home())) {
      assertThat(checksums(c).toString()).isEqualTo(before);
    }
    // The local copy was not replaced by the damaged one: it still restores.
    ok(env, "backup", "restore", "-f", file, "--addon", shop + "/db", id, "--auto-approve");
  }

  @Test
  void whenTheStoreIsUnreachableTheBackupStillSucceedsAndItsCopyIsPending() throws Exception {
    String shop = it.project("shop");
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String file = manifest(offsite(bucket, "http://127.0.0.1:" + closed, "encrypt_to: [" + recipient("key.txt") + "]"), shop,
        "{name: cache, type: redis, version: \"7\"}");
    Map<String, String> env = env(it.home());
    ok(env, "apply", "-f", file, "--auto-approve");
    Result created = it.run(env, "backup", "create", "-f", file, "--addon", shop + "/cache");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.err()).contains("off-site copy is pending");
    assertThat(created.all()).doesNotContain(s3.credential);
  }

  @Test
  void copiesThatCouldNotLandAreRetriedByTheControlPlaneUntilTheyDoWithAnEventAndMetrics() throws Exception {
    String shop = it.project("shop");
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Path plans = it.dir().resolve("plans.yaml");
    Files.writeString(plans, "plans:\n  ticking: {cpu: 1, memory: 256Mi, storage: 1Gi, max_addons: 2,"
        + " backups: {automatic: true, retention: 7d, min_interval: 1s}}\n");
    String file = it.write("version: 1\n" + offsite(bucket, s3.endpoint(), "encrypt_to: [" + recipient("key.txt") + "]")
        + "projects:\n  - name: " + shop + "\n    plan: ticking\n    addons:\n"
        + "      - {name: cache, type: redis, version: \"7\", backups: {automatic: true, schedule: \"*/4 * * * * ?\"}}\n").toString();
    Map<String, String> env = env(it.home());
    env.put("ORKESTR_PLANS", plans.toString());
    env.put("ORKESTR_DAEMON", "off");
    ok(env, "apply", "-f", file, "--auto-approve");
    s3.stop();
    try (ServeProcess daemon = ServeProcess.start(it, env, file); SseClient events = new SseClient(daemon, null)) {
      // First the check at start (the store does not answer), then each add-on whose copies cannot land.
      List<SseClient.Received> seen = events.until("backup.offsite_failed", Duration.ofSeconds(60));
      SseClient.Received check = seen.get(seen.size() - 1);
      assertThat(check.data().has("addon")).isFalse();
      assertThat(check.data().get("error").asText()).startsWith("backups.offsite (s3://" + bucket + "/prod): cannot reach the store at ");
      SseClient.Received failed;
      do {
        seen = events.until("backup.offsite_failed", Duration.ofSeconds(60));
        failed = seen.get(seen.size() - 1);
      } while (!failed.data().has("addon"));
      assertThat(failed.data().get("addon").asText()).isEqualTo(shop + "/cache");
      assertThat(failed.data().get("store").asText()).isEqualTo("s3://" + bucket + "/prod");
      assertThat(failed.data().get("error").asText()).isNotBlank().doesNotContain("\n").doesNotContain(s3.credential);
      ItContext.await("the pending metric counts the waiting copies", Duration.ofSeconds(30),
          () -> metric(daemon, "orkestr_backup_offsite_pending") >= 1);
      JsonNode waiting = list(env, file, shop + "/cache");
      assertThat(waiting.get(waiting.size() - 1).get("where").asText()).isIn("local (offsite pending)", "local (offsite unreachable)");
      String oldest = waiting.get(waiting.size() - 1).get("id").asText();

      s3.start(); // the store is back: the copies land without a command
      ItContext.await("every backup taken while the store was down is copied", Duration.ofSeconds(90), () -> {
        try {
          for (JsonNode b : list(env, file, shop + "/cache")) if (!b.get("where").asText().equals("local+offsite")) return false;
          return true;
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(s3.aws("s3", "ls", "s3://" + bucket + "/prod/" + it.manifest() + "/" + shop + "/cache/").out()).contains(oldest + ".rdb.age");
      ItContext.await("the pending metric is back at 0 and the last copy's time is there", Duration.ofSeconds(30),
          () -> metric(daemon, "orkestr_backup_offsite_pending") == 0
              && metric(daemon, "orkestr_backup_offsite_last_success_timestamp_seconds{addon=\"" + shop + "/cache\"}") > 0);
      events.until("backup.offsite_copied", Duration.ofSeconds(30));
      assertThat(it.run(env, "status", "-f", file).out()).contains(shop + "/cache: last success").contains("off-site: newest copy");
    } finally {
      if (!s3.running()) s3.start();
    }
  }

  @Test
  void validateSaysInOneLineWhenTheStoreIsMissingRefusesTheCredentialsOrDoesNotAnswer() throws Exception {
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String file = manifest(offsite(bucket, s3.endpoint(), "encrypt: false"), it.project("shop"), "{name: cache, type: redis}");
    Map<String, String> env = env(it.home());
    assertThat(ok(env, "validate", "-f", file).out()).contains("is valid");

    Map<String, String> wrong = new HashMap<>(env);
    wrong.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    Result refused = it.run(wrong, "validate", "-f", file);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err().strip()).isEqualTo("error: backups.offsite (s3://" + bucket + "/prod): the store at " + s3.endpoint()
        + " refused the credentials (HTTP 403): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE");

    String missing = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(Path.of(file), Files.readString(Path.of(file)).replace("s3://" + bucket, "s3://" + missing));
    Result none = it.run(env, "validate", "-f", file);
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err().strip()).isEqualTo("error: backups.offsite (s3://" + missing + "/prod): there is no bucket \"" + missing + "\" at "
        + s3.endpoint());

    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Files.writeString(Path.of(file), Files.readString(Path.of(file)).replace(s3.endpoint(), "http://127.0.0.1:" + closed));
    Result unreachable = it.run(env, "validate", "-f", file);
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.err()).startsWith("error: backups.offsite (s3://" + missing + "/prod): cannot reach the store at http://127.0.0.1:"
        + closed + ": ").doesNotContain("\tat ");
    assertThat(unreachable.err().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void anUploadKilledMidwayLeavesNoCopyAndTheNextOneLands() throws Exception {
    String shop = it.project("shop");
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String file = manifest(offsite(bucket, s3.endpoint(), "encrypt_to: [" + recipient("key.txt") + "]"), shop,
        "{name: db, type: postgres, version: \"17\"}");
    Map<String, String> env = env(it.home());
    env.put("ORKESTR_DAEMON", "off");
    ok(env, "apply", "-f", file, "--auto-approve");
    try (Connection c = db(shop, it.home())) {
      // About 48 MiB that does not compress: six parts of the multipart upload.
      c.createStatement().execute("CREATE TABLE noise AS SELECT g AS id, decode(string_agg(md5(random()::text || g || h), ''), 'hex') AS data"
          + " FROM generate_series(1, 3000) g, generate_series(1, 1000) h GROUP BY g");
    }
    Path local = it.home().resolve("backups").resolve(it.manifest()).resolve(shop).resolve("db");
    Process p = it.start(env, "backup", "create", "-f", file, "--addon", shop + "/db");
    // The copy is uploaded while the dump runs: once 20 MiB are dumped, parts of it are in the store.
    ItContext.await("the dump to be 20 MiB along", Duration.ofMinutes(3), Duration.ofMillis(5), () -> {
      try (var files = Files.list(local)) {
        return files.anyMatch(f -> f.getFileName().toString().endsWith(".partial") && f.toFile().length() > 20 << 20);
      } catch (java.io.IOException e) {
        return false;
      }
    });
    p.toHandle().destroyForcibly();
    p.waitFor();

    assertThat(list(env, file, shop + "/db")).isEmpty();
    String prefix = "s3://" + bucket + "/prod/" + it.manifest() + "/" + shop + "/db/";
    assertThat(s3.aws("s3", "ls", prefix).out()).doesNotContain(".json").doesNotContain(".dump.age");

    String next = ok(env, "backup", "create", "-f", file, "--addon", shop + "/db").out().strip();
    JsonNode after = list(env, file, shop + "/db");
    assertThat(after).hasSize(1);
    assertThat(after.get(0).get("id").asText()).isEqualTo(next);
    assertThat(after.get(0).get("where").asText()).isEqualTo("local+offsite");
    assertThat(s3.aws("s3", "ls", prefix).out()).contains(next + ".json").contains(next + ".dump.age");
  }

  @Test
  void retentionPrunesBothCopiesKeepsTheNewestAndADryRunChangesNeither() throws Exception {
    String shop = it.project("shop");
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Path plans = it.dir().resolve("plans.yaml");
    Files.writeString(plans, "plans:\n  keep-a-day: {cpu: 1, memory: 256Mi, storage: 1Gi, max_addons: 2,"
        + " backups: {manual_per_day: 10, retention: 1d}}\n");
    String file = it.write("version: 1\n" + offsite(bucket, s3.endpoint(), "encrypt: false") + "projects:\n  - name: " + shop
        + "\n    plan: keep-a-day\n    addons:\n      - {name: cache, type: redis, version: \"7\"}\n").toString();
    Map<String, String> env = env(it.home());
    env.put("ORKESTR_PLANS", plans.toString());
    ok(env, "apply", "-f", file, "--auto-approve");
    assertThat(ok(env, "plan", "-f", file).all()).contains("WARNING: backups are also copied to s3://" + bucket
        + "/prod unencrypted (encrypt: false)");
    String[] ids = new String[3];
    for (int i = 0; i < 3; i++) ids[i] = ok(env, "backup", "create", "-f", file, "--addon", shop + "/cache").out().strip();
    assertThat(ok(env, "status", "-f", file).out()).contains(shop + "/cache: last success").contains("off-site: newest copy just now, unencrypted");
    String prefix = "s3://" + bucket + "/prod/" + it.manifest() + "/" + shop + "/cache/";
    Path dir = it.home().resolve("backups").resolve(it.manifest()).resolve(shop).resolve("cache");
    // The first is three days old here; the second is three days old and only off-site (its local copy was lost).
    com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(dir.resolve(ids[0] + ".json").toFile());
    n.put("created", java.time.Instant.now().minus(Duration.ofDays(3)).toString());
    Files.writeString(dir.resolve(ids[0] + ".json"), n.toPrettyString());
    Path remote = it.dir().resolve("remote.json");
    assertThat(s3.aws("s3", "cp", prefix + ids[1] + ".json", remote.toString()).exitCode()).isZero();
    n = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(remote.toFile());
    n.put("created", java.time.Instant.now().minus(Duration.ofDays(3)).plusSeconds(5).toString());
    Files.writeString(remote, n.toPrettyString());
    assertThat(s3.aws("s3", "cp", remote.toString(), prefix + ids[1] + ".json").exitCode()).isZero();
    Files.delete(dir.resolve(ids[1] + ".json"));
    Files.delete(dir.resolve(ids[1] + ".rdb"));
    String before = s3.aws("s3", "ls", prefix).out();

    Result dry = ok(env, "backup", "prune", "-f", file, "--dry-run");
    assertThat(dry.out()).contains("would delete " + ids[0]).contains("would delete " + ids[1]).doesNotContain(ids[2]);
    assertThat(s3.aws("s3", "ls", prefix).out()).isEqualTo(before);
    assertThat(dir.resolve(ids[0] + ".rdb")).exists();

    Result prune = ok(env, "backup", "prune", "-f", file);
    assertThat(prune.out()).contains("deleted " + ids[0]).contains("deleted " + ids[1]);
    String after = s3.aws("s3", "ls", prefix).out();
    assertThat(after).doesNotContain(ids[0]).doesNotContain(ids[1]).contains(ids[2] + ".json").contains(ids[2] + ".rdb");
    assertThat(dir.resolve(ids[0] + ".rdb")).doesNotExist();
    assertThat(dir.resolve(ids[0] + ".json")).doesNotExist();
    JsonNode listed = list(env, file, shop + "/cache");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(ids[2]);
    assertThat(listed.get(0).get("where").asText()).isEqualTo("local+offsite");
  }

  /** A sample's value on the daemon's /metrics (the line that starts with name, labels included), or -1. */
  private static double metric(ServeProcess daemon, String name) {
    for (String line : daemon.send("GET", "/metrics", null, null).body().split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    return -1;
  }
}

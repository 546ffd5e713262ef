package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/** Plans sized for real: engine settings that fit the memory limit, connection limits, live changes and restarts. */
@Tag("docker")
class SizingIT {
  @RegisterExtension final ItContext it = new ItContext();

  private String apply(String yaml) {
    String file = it.write(yaml).toString();
    Result r = it.run("apply", "-f", file, "--auto-approve");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return file;
  }

  private static String yaml(String project, String plan, String... addons) {
    StringBuilder sb = new StringBuilder("version: 1\nprojects:\n  - name: " + project + "\n    plan: " + plan + "\n    addons:\n");
    for (String a : addons) sb.append("      - ").append(a).append('\n');
    return sb.toString();
  }

  private Jedis redis(String project) {
    Jedis j = new Jedis(TestDocker.ip("orkestr_" + project + "_cache", "orkestr_" + project + "_private"), 6379, 30_000);
    j.auth(it.password(project, "cache"));
    return j;
  }

  /** A value of orkestr's own user: CONFIG GET, which the app's user may not run. */
  private String redisConfig(String project, String key) {
    Result r = ItContext.exec("orkestr_" + project + "_cache", "redis-cli --no-auth-warning --user orkestr --pass '"
        + it.adminPassword(project, "cache") + "' CONFIG GET " + key);
    assertThat(r.exitCode()).isZero();
    return r.out().lines().skip(1).findFirst().orElse("");
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void aFreeRedisFilledPastItsMemoryRefusesWritesWithItsOwnErrorAndKeepsEveryKey() {
    String shop = it.project("shop");
    apply(yaml(shop, "free", "{name: cache, type: redis, version: \"7\"}"));
    InspectContainerResponse before = TestDocker.inspect("orkestr_" + shop + "_cache");
    String value = "x".repeat(10_000);

    int written = 0;
    String refusal = null;
    try (Jedis redis = redis(shop)) {
      while (refusal == null && written < 100_000) {
        Pipeline p = redis.pipelined();
        for (int i = 0; i < 100; i++) p.set("k" + (written + i), value);
        try {
          p.syncAndReturnAll().forEach(r -> {
            if (r instanceof JedisDataException e) throw e;
          });
          written += 100;
        } catch (JedisDataException e) {
          refusal = e.getMessage();
        }
      }
      assertThat(refusal).as("writes past maxmemory fail").startsWith("OOM command not allowed when used memory > 'maxmemory'");
      // Every key of every batch that succeeded is there, whole.
      for (int i = 0; i < written; i += 97) assertThat(redis.get("k" + i)).as("key k%d", i).isEqualTo(value);
    }

    InspectContainerResponse after = TestDocker.inspect("orkestr_" + shop + "_cache");
    assertThat(written).as("about 153 MiB of 10 KB values").isBetween(10_000, 16_000);
    assertThat(after.getState().getOOMKilled()).isFalse();
    assertThat(after.getRestartCount()).isZero();
    assertThat(after.getState().getStartedAt()).isEqualTo(before.getState().getStartedAt());
  }

  @Test
  void aFreePostgresRunsAsManySortsAsItsPlanAllowsWithoutBeingKilledAndRefusesOneMore() throws Exception {
    String shop = it.project("shop");
    apply(yaml(shop, "free", "{name: db, type: postgres, version: \"15\"}"));
    InspectContainerResponse before = TestDocker.inspect("orkestr_" + shop + "_db");
    // 150,000 md5s are about 7 MB to sort: more than the free plan's work memory, so each sort spills to disk.
    String sort = "SELECT count(*) FROM (SELECT md5(g::text) AS t FROM generate_series(1, 150000) g ORDER BY 1) s";
    List<Connection> connections = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      for (int i = 0; i < 20; i++) connections.add(it.appDb(shop));
      try (ResultSet rs = connections.get(0).createStatement().executeQuery("EXPLAIN (ANALYZE, COSTS OFF) " + sort)) {
        StringBuilder plan = new StringBuilder();
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
        assertThat(plan.toString()).contains("external merge");
      }

      List<Future<Long>> answers = new ArrayList<>();
      for (Connection c : connections) {
        answers.add(pool.submit(() -> {
          try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sort)) {
            rs.next();
            return rs.getLong(1);
          }
        }));
      }
      for (Future<Long> a : answers) assertThat(a.get()).isEqualTo(150_000L);

      assertThatThrownBy(() -> it.appDb(shop).close()).isInstanceOf(SQLException.class)
          .hasMessageContaining("too many connections for role \"db\"");
      // orkestr's own connections have slots of their own: status, and a dump as orkestr's superuser, still work.
      Result status = it.run("status", "-f", it.dir().resolve("orkestr.yaml").toString());
      assertThat(status.exitCode()).as(status.toString()).isZero();
      Result dump = ItContext.exec("orkestr_" + shop + "_db", "pg_dump -U orkestr -d db --schema-only >/dev/null && echo dumped");
      assertThat(dump.out()).as(dump.toString()).contains("dumped");
    } finally {
      pool.shutdownNow();
      for (Connection c : connections) c.close();
    }

    InspectContainerResponse after = TestDocker.inspect("orkestr_" + shop + "_db");
    assertThat(after.getState().getOOMKilled()).isFalse();
    assertThat(after.getState().getStartedAt()).isEqualTo(before.getState().getStartedAt());
    // A backend the kernel killed would not stop the container; Postgres would log it and restart every session.
    assertThat(ItContext.logs("orkestr_" + shop + "_db")).doesNotContain("terminated by signal").doesNotContain("crash of another");
  }

  @Test
  void aPlanChangeResizesRedisLiveAndRestartsPostgresOnlyForWhatNeedsIt() throws Exception {
    String shop = it.project("shop");
    String db = "{name: db, type: postgres, version: \"15\"}";
    String cache = "{name: cache, type: redis, version: \"7\"}";
    apply(yaml(shop, "free", db, cache));
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before')");
      assertThat(show(c, "shared_buffers")).isEqualTo("64MB");
      assertThat(show(c, "max_connections")).isEqualTo("23");
      assertThat(show(c, "work_mem")).isEqualTo("2176kB");
    }
    try (Jedis redis = redis(shop)) {
      redis.set("kept", "before");
    }
    InspectContainerResponse dbBefore = TestDocker.inspect("orkestr_" + shop + "_db");
    InspectContainerResponse cacheBefore = TestDocker.inspect("orkestr_" + shop + "_cache");
    String file = it.write(yaml(shop, "pro", db, cache)).toString();

    Result plan = it.run("plan", "-f", file);
    assertThat(plan.out()).contains("-/+ " + shop + "/addon/db: restart (settings (restart): autovacuum_work_mem 8MB -> 32MB,"
        + " max_connections 23 -> 123,");
    assertThat(plan.out()).contains("  ~ " + shop + "/addon/cache: update in place (cpu 0.25 -> 1; memory 256 MiB -> 1 GiB;"
        + " settings: maxclients 20 -> 120, maxmemory 153mb -> 614mb)");
    Result apply = it.run("apply", "-f", file, "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();

    InspectContainerResponse cacheAfter = TestDocker.inspect("orkestr_" + shop + "_cache");
    assertThat(cacheAfter.getId()).isEqualTo(cacheBefore.getId());
    assertThat(cacheAfter.getState().getStartedAt()).isEqualTo(cacheBefore.getState().getStartedAt());
    assertThat(cacheAfter.getHostConfig().getMemory()).isEqualTo(1L << 30);
    assertThat(redisConfig(shop, "maxmemory")).isEqualTo(Long.toString(614L << 20));
    assertThat(redisConfig(shop, "maxclients")).isEqualTo("120");
    assertThat(TestDocker.inspect("orkestr_" + shop + "_db").getId()).isNotEqualTo(dbBefore.getId());
    try (Connection c = it.appDb(shop)) {
      assertThat(show(c, "shared_buffers")).isEqualTo("256MB");
      assertThat(show(c, "max_connections")).isEqualTo("123");
      assertThat(show(c, "work_mem")).isEqualTo("1792kB");
      try (ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("before");
      }
    }
    assertThat(it.run("plan", "-f", file).out()).startsWith("No changes.");

    // A restart by Docker (a crash, a reboot) keeps what orkestr changed live: Redis reads its rewritten config file.
    TestDocker.CLIENT.restartContainerCmd("orkestr_" + shop + "_cache").exec();
    ItContext.await("Redis answers again", java.time.Duration.ofSeconds(30), () -> {
      try (Jedis redis = redis(shop)) {
        return "before".equals(redis.get("kept"));
      } catch (RuntimeException e) {
        return false;
      }
    });
    assertThat(redisConfig(shop, "maxmemory")).isEqualTo(Long.toString(614L << 20));
    assertThat(it.run("plan", "-f", file).out()).startsWith("No changes.");
  }

  @Test
  void aChangedLiveSettingReachesNewConnectionsWithoutARestart() throws Exception {
    String shop = it.project("shop");
    apply(yaml(shop, "pro", "{name: db, type: postgres, version: \"15\"}", "{name: cache, type: redis, version: \"7\", eviction: allkeys-lru}"));
    assertThat(redisConfig(shop, "maxmemory-policy")).isEqualTo("allkeys-lru");
    String dbId = TestDocker.inspect("orkestr_" + shop + "_db").getId();
    String cacheId = TestDocker.inspect("orkestr_" + shop + "_cache").getId();
    String file = it.write(yaml(shop, "pro", "{name: db, type: postgres, version: \"15\", settings: {statement_timeout: 5s, work_mem: 8MB}}",
        "{name: cache, type: redis, version: \"7\", settings: {timeout: 300}}")).toString();

    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.out()).contains(shop + "/addon/db: settings applied").contains(shop + "/addon/cache: settings applied");
    assertThat(TestDocker.inspect("orkestr_" + shop + "_db").getId()).isEqualTo(dbId);
    assertThat(TestDocker.inspect("orkestr_" + shop + "_cache").getId()).isEqualTo(cacheId);
    try (Connection c = it.appDb(shop)) {
      assertThat(show(c, "statement_timeout")).isEqualTo("5s");
      assertThat(show(c, "work_mem")).isEqualTo("8MB");
    }
    assertThat(redisConfig(shop, "timeout")).isEqualTo("300");
    assertThat(redisConfig(shop, "maxmemory-policy")).isEqualTo("noeviction");
    assertThat(it.run("plan", "-f", file).out()).startsWith("No changes.");
  }
}

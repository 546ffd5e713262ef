package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Changes to a running manifest: in place when Docker can, by replacement (data kept) when it cannot, refused when data would not survive. */
@Tag("docker")
class ChangesIT {
  @RegisterExtension final ItContext it = new ItContext();

  static String manifest(String project, String plan, String pgVersion, String redisVersion) {
    return io.orkestr.Fixtures.project(project, plan, "{name: db, type: postgres, version: \"" + pgVersion + "\"}",
        "{name: cache, type: redis, version: \"" + redisVersion + "\"}");
  }

  @Test
  void changesRedisMemoryAndCpuInPlaceWithoutARestart() {
    String shop = it.project("shop");
    assertThat(it.run("apply", "-f", it.write(manifest(shop, "free", "15", "7")).toString(), "--auto-approve").exitCode()).isZero();
    InspectContainerResponse before = TestDocker.inspect("orkestr_" + shop + "_cache");
    String file = it.write(manifest(shop, "pro", "15", "7")).toString();

    Result plan = it.run("plan", "-f", file);
    Result apply = it.run("apply", "-f", file, "--auto-approve");

    // Postgres's shared memory and connection slots change only at a restart (see SizingIT); Redis's limits all change live.
    assertThat(plan.out()).contains("~ " + shop + "/addon/cache: update in place (cpu 0.25 -> 1; memory 256 MiB -> 1 GiB;",
        "Plan: 1 to add, 1 to change, 1 to destroy.");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    InspectContainerResponse after = TestDocker.inspect("orkestr_" + shop + "_cache");
    assertThat(after.getId()).isEqualTo(before.getId());
    assertThat(after.getState().getStartedAt()).isEqualTo(before.getState().getStartedAt());
    assertThat(after.getHostConfig().getMemory()).isEqualTo(1L << 30);
    assertThat(after.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);
    assertThat(it.run("plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
    // Back to free: the labels still say free, but the live limits are pro; the plan must see that.
    assertThat(it.run("plan", "-f", it.write(manifest(shop, "free", "15", "7")).toString(), "--detailed-exitcode").exitCode()).isEqualTo(2);
  }

  @Test
  void replacesTheContainerOnAnImageChangeWithinAMajorAndKeepsTheData() throws Exception {
    String shop = it.project("shop");
    assertThat(it.run("apply", "-f", it.write(manifest(shop, "pro", "15", "7")).toString(), "--auto-approve").exitCode()).isZero();
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("CREATE TABLE orders (id int); INSERT INTO orders VALUES (42)");
    }
    String cacheIp = TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private");
    try (Jedis redis = new Jedis(cacheIp, 6379)) {
      redis.auth(it.password(shop, "cache"));
      redis.set("greeting", "hello");
    }
    String oldId = TestDocker.inspect("orkestr_" + shop + "_db").getId();
    String file = it.write(manifest(shop, "pro", "15.18", "7.0")).toString();

    Result plan = it.run("plan", "-f", file);
    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(plan.out()).contains("-/+ " + shop + "/addon/db: restart (version 15 -> 15.18; image orkestr.local/postgres:15 -> orkestr.local/postgres:15.18)");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(TestDocker.inspect("orkestr_" + shop + "_db").getId()).isNotEqualTo(oldId);
    assertThat(TestDocker.inspect("orkestr_" + shop + "_db").getConfig().getImage()).isEqualTo("orkestr.local/postgres:15.18");
    try (Connection c = it.appDb(shop); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM orders")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
    String newCacheIp = TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private");
    try (Jedis redis = new Jedis(newCacheIp, 6379)) {
      redis.auth(it.password(shop, "cache"));
      assertThat(redis.get("greeting")).isEqualTo("hello");
    }
    assertThat(it.run("plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
  }

  @Test
  void refusesAPostgresMajorDowngradeAndChangesNothing() throws Exception {
    String shop = it.project("shop");
    assertThat(it.run("apply", "-f", it.write(manifest(shop, "pro", "17", "7")).toString(), "--auto-approve").exitCode()).isZero();
    InspectContainerResponse before = TestDocker.inspect("orkestr_" + shop + "_db");
    String file = it.write(manifest(shop, "pro", "15", "7")).toString();

    Result plan = it.run("plan", "-f", file);
    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(plan.out()).contains("! refused: " + shop + "/addon/db: postgres 17 -> postgres 15 is a downgrade");
    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err()).startsWith("error: apply refused, nothing was changed: " + shop + "/addon/db: postgres 17 -> postgres 15 is a downgrade")
        .doesNotContain("Exception");
    InspectContainerResponse after = TestDocker.inspect("orkestr_" + shop + "_db");
    assertThat(after.getId()).isEqualTo(before.getId());
    assertThat(after.getState().getStartedAt()).isEqualTo(before.getState().getStartedAt());
    assertThat(after.getConfig().getImage()).isEqualTo("orkestr.local/postgres:17");
    try (Connection c = it.appDb(shop); ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
      rs.next();
      assertThat(rs.getInt(1) / 10000).isEqualTo(17);
    }
  }
}

package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.SafeEncoder;
import redis.clients.jedis.exceptions.JedisDataException;

/** Apps get least privilege: a Postgres role that owns its database but is no superuser, a Redis user without admin commands. */
@Tag("docker")
class AccessIT {
  @RegisterExtension final ItContext it = new ItContext();

  private static String yaml(String project, String... addons) {
    StringBuilder sb = new StringBuilder("version: 1\nprojects:\n  - name: " + project + "\n    plan: pro\n    addons:\n");
    for (String a : addons) sb.append("      - ").append(a).append('\n');
    return sb.toString();
  }

  private String apply(String yaml) {
    String file = it.write(yaml).toString();
    Result r = it.run("apply", "-f", file, "--auto-approve");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return file;
  }

  private static Object one(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getObject(1);
    }
  }

  @Test
  void theAppRoleOwnsItsDatabaseButCannotRunProgramsAlterTheSystemOrCreateRoles() throws Exception {
    String shop = it.project("shop");
    apply(yaml(shop, "{name: db, type: postgres, version: \"15\"}"));

    try (Connection c = it.appDb(shop)) {
      assertThat(one(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo(false);
      assertThat(one(c, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'db'")).isEqualTo("db");
      c.createStatement().execute("CREATE TABLE mine (id serial PRIMARY KEY, v text)");
      assertThat(one(c, "SELECT tableowner FROM pg_tables WHERE tablename = 'mine'")).isEqualTo("db");

      assertThatThrownBy(() -> c.createStatement().execute("COPY (SELECT 1) TO PROGRAM 'id'"))
          .hasMessageContaining("must be superuser or have privileges of the pg_execute_server_program role");
      assertThatThrownBy(() -> c.createStatement().execute("ALTER SYSTEM SET work_mem = '1GB'")).hasMessageContaining("permission denied");
      assertThatThrownBy(() -> c.createStatement().execute("CREATE ROLE intruder")).hasMessageContaining("permission denied");
      assertThatThrownBy(() -> c.createStatement().execute("ALTER ROLE db CONNECTION LIMIT -1")).hasMessageContaining("permission denied");
      assertThatThrownBy(() -> c.createStatement().execute("SET temp_file_limit = -1")).hasMessageContaining("permission denied");
    }
    // orkestr's own role does what the app's cannot.
    Result admin = ItContext.exec("orkestr_" + shop + "_db", "psql -U orkestr -d db -tAc 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user'");
    assertThat(admin.out().trim()).isEqualTo("t");
  }

  @Test
  void theRedisAppUserCannotRunAdministrativeCommandsButOrkestrsOwnCan() {
    String shop = it.project("shop");
    apply(yaml(shop, "{name: cache, type: redis, version: \"7\"}"));
    String ip = TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private");

    try (Jedis redis = new Jedis(ip, 6379)) {
      redis.auth(it.password(shop, "cache")); // REDIS_URL's user, "default"
      assertThat(redis.set("k", "v")).isEqualTo("OK");
      assertThat(redis.info("server")).contains("redis_version");
      assertThat(redis.keys("*")).containsExactly("k");
      assertThatThrownBy(() -> redis.configSet("maxmemory", "0")).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> redis.configGet("requirepass")).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> redis.aclSetUser("intruder", "on", ">x", "+@all")).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> redis.sendCommand(Protocol.Command.SHUTDOWN)).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> redis.sendCommand(() -> SafeEncoder.encode("MODULE"), "LIST")).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> redis.sendCommand(() -> SafeEncoder.encode("REPLICAOF"), "NO", "ONE")).hasMessageContaining("NOPERM");
    }
    try (Jedis redis = new Jedis(ip, 6379)) {
      redis.auth("orkestr", it.adminPassword(shop, "cache"));
      assertThat(redis.configGet("maxmemory")).containsEntry("maxmemory", Long.toString(614L << 20));
    }
    assertThat(TestDocker.inspect("orkestr_" + shop + "_cache").getState().getRunning()).isTrue();
  }

  @Test
  void superuserIsOptInLoudInThePlanAndTurnsOffLive() throws Exception {
    String shop = it.project("shop");
    String file = it.write(yaml(shop, "{name: db, type: postgres, version: \"15\", superuser: true}")).toString();

    Result plan = it.run("plan", "-f", file);
    assertThat(plan.out()).contains("WARNING: " + shop + "/addon/db gives apps a superuser (superuser: true)");
    assertThat(it.run("apply", "-f", file, "--auto-approve").exitCode()).isZero();
    try (Connection c = it.appDb(shop)) {
      assertThat(one(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo(true);
    }
    String id = TestDocker.inspect("orkestr_" + shop + "_db").getId();

    Result off = it.run("apply", "-f", it.write(yaml(shop, "{name: db, type: postgres, version: \"15\"}")).toString(), "--auto-approve");

    assertThat(off.out()).contains("access apps as superuser -> apps as restricted");
    assertThat(TestDocker.inspect("orkestr_" + shop + "_db").getId()).isEqualTo(id);
    try (Connection c = it.appDb(shop)) {
      assertThat(one(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo(false);
    }
  }

  /**
   * Data made before orkestr kept its own role: the app's role is the data's bootstrap superuser. Made here as
   * orkestr made it then (the same image, environment and labels), with tables, a view, a function, a type,
   * sequences and a large object owned by it.
   */
  @Test
  void anAddOnMadeBeforeAppRolesIsConvertedKeepingEveryRowAndItsOwnership() throws Exception {
    String shop = it.project("shop");
    String password = "legacyPassword0123456789abcdefgh";
    Path credentials = it.home().resolve("credentials").resolve(shop);
    Files.createDirectories(credentials);
    Files.writeString(credentials.resolve("db"), password + "\n");
    String volume = "orkestr_" + shop + "_db_data";
    Map<String, String> base = Map.of("orkestr.managed", "true", "orkestr.manifest", it.manifest(), "orkestr.project", shop);
    TestDocker.CLIENT.createVolumeCmd().withName(volume).withLabels(with(base, Map.of("orkestr.key", shop + "/volume/db",
        "orkestr.engine", "postgres", "orkestr.data-major", "15"))).exec();
    String legacy = TestDocker.CLIENT.createContainerCmd("orkestr.local/postgres:15").withName("orkestr_" + shop + "_db")
        .withEnv("POSTGRES_USER=db", "POSTGRES_DB=db", "POSTGRES_PASSWORD=" + password, "PGDATA=/var/lib/postgresql/data/pgdata")
        .withLabels(with(base, Map.of("orkestr.key", shop + "/addon/db", "orkestr.engine", "postgres", "orkestr.engine-version", "15",
            "orkestr.config-hash", "0000000000000000", "orkestr.cpu", "1000000000", "orkestr.memory", Long.toString(1L << 30))))
        .withHostConfig(HostConfig.newHostConfig().withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(volume)
            .withTarget("/var/lib/postgresql/data")))).exec().getId();
    TestDocker.CLIENT.startContainerCmd(legacy).exec();
    String setup = "CREATE TABLE orders (id serial PRIMARY KEY, item text, price numeric);"
        + " INSERT INTO orders (item, price) SELECT 'item ' || g, g FROM generate_series(1, 5000) g;"
        + " CREATE SEQUENCE tickets; SELECT nextval('tickets');"
        + " CREATE VIEW cheap AS SELECT * FROM orders WHERE price < 10;"
        + " CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE moods (m mood); INSERT INTO moods VALUES ('happy');"
        + " CREATE FUNCTION total() RETURNS numeric LANGUAGE sql AS 'SELECT sum(price) FROM orders';"
        + " CREATE SCHEMA reports; CREATE TABLE reports.daily (d date); INSERT INTO reports.daily VALUES ('2026-01-01');"
        + " SELECT lo_from_bytea(4242, 'blob');";
    ItContext.await("the legacy Postgres answers", Duration.ofSeconds(60), () ->
        ItContext.exec(legacy, "pg_isready -q -h 127.0.0.1").exitCode() == 0);
    Result made = ItContext.exec(legacy, "psql -v ON_ERROR_STOP=1 -U db -d db -qc \"" + setup + "\""); // no " or $ in it
    assertThat(made.exitCode()).as(made.toString()).isZero();

    String file = it.write(yaml(shop, "{name: db, type: postgres, version: \"15\"}")).toString();
    Result plan = it.run("plan", "-f", file);
    assertThat(plan.out()).contains("-/+ " + shop + "/addon/db: restart (settings (restart) engine defaults -> sized for the plan")
        .contains("access apps as superuser -> apps as restricted");
    Result apply = it.run("apply", "-f", file, "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();

    try (Connection c = it.appDb(shop)) { // the same URL and password as before
      assertThat(one(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo(false);
      assertThat(one(c, "SELECT count(*) FROM orders")).isEqualTo(5000L);
      assertThat(one(c, "SELECT total()").toString()).isEqualTo("12502500");
      assertThat(one(c, "SELECT count(*) FROM cheap")).isEqualTo(9L);
      assertThat(one(c, "SELECT m::text FROM moods")).isEqualTo("happy");
      assertThat(one(c, "SELECT d::text FROM reports.daily")).isEqualTo("2026-01-01");
      assertThat(one(c, "SELECT nextval('tickets')")).isEqualTo(2L);
      assertThat(one(c, "SELECT encode(lo_get(4242), 'escape')")).isEqualTo("blob");
      // Everything it owned before is its own again, so it can change and drop it.
      assertThat(one(c, "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class c JOIN pg_namespace n"
          + " ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'reports')")).isEqualTo("db");
      assertThat(one(c, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'reports'")).isEqualTo("db");
      assertThat(one(c, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'total'")).isEqualTo("db");
      assertThat(one(c, "SELECT pg_get_userbyid(typowner) FROM pg_type WHERE typname = 'mood'")).isEqualTo("db");
      assertThat(one(c, "SELECT pg_get_userbyid(lomowner) FROM pg_largeobject_metadata WHERE oid = 4242")).isEqualTo("db");
      c.createStatement().execute("ALTER TABLE orders ADD COLUMN note text; INSERT INTO orders (item, price) VALUES ('new', 1)");
      assertThatThrownBy(() -> c.createStatement().execute("COPY (SELECT 1) TO PROGRAM 'id'"))
          .hasMessageContaining("pg_execute_server_program");
    }
    Result boot = ItContext.exec("orkestr_" + shop + "_db", "psql -U orkestr -d postgres -tAc 'SELECT rolname FROM pg_roles WHERE oid = 10'");
    assertThat(boot.out().trim()).isEqualTo("orkestr");
    assertThat(it.run("plan", "-f", file).out()).startsWith("No changes.");
  }

  private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new java.util.TreeMap<>(a);
    all.putAll(b);
    return all;
  }
}

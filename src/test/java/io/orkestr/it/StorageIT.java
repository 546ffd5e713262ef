package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Storage measured and enforced per plan: a Postgres over its plan's storage turns read-only for apps, and back. */
@Tag("docker")
class StorageIT {
  @RegisterExtension final ItContext it = new ItContext();

  /** A plan of a few MiB: a new database is about 7.5 MiB already. */
  private Map<String, String> env() throws Exception {
    Path plans = it.dir().resolve("plans.yaml");
    Files.writeString(plans, "plans:\n  tiny-disk: {cpu: 0.5, memory: 256Mi, storage: 24Mi, max_addons: 2, connections: 10}\n");
    Map<String, String> env = new HashMap<>(it.env());
    env.put("ORKESTR_PLANS", plans.toString());
    return env;
  }

  private static long count(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM big")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void assertRefused(Connection c, String sql, String message) {
    assertThatThrownBy(() -> c.createStatement().execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
        e -> assertThat(e.getSQLState()).isEqualTo("25006")).hasMessageContaining(message);
  }

  @Test
  void aPostgresOverItsStorageTurnsReadOnlyForAppsAndWritableOnceBackUnderWithNothingLost() throws Exception {
    Map<String, String> env = env();
    String shop = it.project("shop");
    String file = it.write("version: 1\nprojects:\n  - name: " + shop + "\n    plan: tiny-disk\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"15\"}\n      - {name: cache, type: redis, version: \"7\"}\n").toString();
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();

    Result fresh = it.run(env, "status", "-f", file);
    assertThat(fresh.out()).containsPattern(shop + "/addon/db .*storage [0-9.]+ MiB / 24 MiB")
        .containsPattern(shop + "/addon/cache .*storage [0-9.]+ (B|KiB|MiB) / 24 MiB").doesNotContain("Read-only");

    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("CREATE TABLE big (id int, pad text)");
      c.createStatement().execute("INSERT INTO big SELECT g, repeat(md5(g::text), 30) FROM generate_series(1, 20000) g");
    }
    Result over = it.run(env, "status", "-f", file, "-o", "json");
    assertThat(over.out()).contains("\"over\" : true").contains("\"read_only\" : false");
    // The plan is the contract of what apply does: the switch that status announced is a change in it.
    Result planned = it.run(env, "plan", "-f", file, "--detailed-exitcode");
    assertThat(planned.exitCode()).as(planned.toString()).isEqualTo(2);
    assertThat(planned.out()).contains("~ " + shop + "/addon/db: update in place (apps read-write -> read-only; it held ")
        .contains("more than its plan's 24 MiB");

    Result enforce = it.run(env, "apply", "-f", file, "--auto-approve");
    assertThat(enforce.exitCode()).as(enforce.toString()).isZero();
    assertThat(enforce.out()).contains(shop + "/addon/db: storage").contains("made read-only for apps");
    assertThat(it.run(env, "status", "-f", file).out()).contains("Read-only: " + shop + "/addon/db holds");

    try (Connection c = it.appDb(shop)) { // sessions open before were ended; this one is new
      assertThat(count(c)).isEqualTo(20_000L);
      assertRefused(c, "INSERT INTO big VALUES (0, 'more')", "database db is read-only: it holds more than its plan's storage of 24 MiB");
      // What an app can do in its own session to turn read-only off gets it nowhere.
      c.createStatement().execute("SET default_transaction_read_only = off");
      c.createStatement().execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
      assertRefused(c, "INSERT INTO big VALUES (0, 'more')", "is read-only");
      assertRefused(c, "UPDATE big SET pad = 'x' WHERE id = 1", "is read-only");
      c.setAutoCommit(false);
      c.createStatement().execute("SET TRANSACTION READ WRITE");
      assertRefused(c, "INSERT INTO big SELECT g, 'x' FROM generate_series(1, 10) g", "is read-only");
      c.rollback();
      c.setAutoCommit(true);
      assertThatThrownBy(() -> new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class))
          .copyIn("COPY big FROM STDIN", new java.io.StringReader("7\tcopied\n"))).hasMessageContaining("is read-only");
      assertRefused(c, "ALTER TABLE big DISABLE TRIGGER ALL", "ALTER TABLE is refused");
      assertRefused(c, "DROP TRIGGER orkestr_read_only ON big", "DROP TRIGGER is refused");
      assertRefused(c, "CREATE TABLE elsewhere AS SELECT * FROM big", "is refused");
      assertRefused(c, "CREATE TEMP TABLE scratch (a int)", "is refused");
      assertRefused(c, "DROP SCHEMA orkestr_read_only CASCADE", "is refused");
      assertThatThrownBy(() -> c.createStatement().execute("SET session_replication_role = replica")).hasMessageContaining("permission denied");
      assertThatThrownBy(() -> c.createStatement().execute("SELECT lo_from_bytea(0, 'x')")).hasMessageContaining("permission denied");
      assertThat(count(c)).isEqualTo(20_000L);
      // The way back is the app's own: delete, then VACUUM (which gives the freed tail back).
      c.createStatement().execute("DELETE FROM big WHERE id > 1000");
      c.createStatement().execute("VACUUM big");
    }
    assertThat(it.run(env, "status", "-f", file).out()).contains("Read-only: " + shop + "/addon/db");
    Result backPlanned = it.run(env, "plan", "-f", file, "--detailed-exitcode");
    assertThat(backPlanned.exitCode()).as(backPlanned.toString()).isEqualTo(2);
    assertThat(backPlanned.out()).contains("~ " + shop + "/addon/db: update in place (apps read-only -> read-write; it held ")
        .contains("no more than its plan's 24 MiB");
    Result back = it.run(env, "apply", "-f", file, "--auto-approve");
    assertThat(back.out()).contains(shop + "/addon/db: storage").contains("writable again");
    assertThat(it.run(env, "plan", "-f", file, "--detailed-exitcode").exitCode()).as("nothing left to switch").isZero();
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("INSERT INTO big VALUES (0, 'more')");
      assertThat(count(c)).isEqualTo(1001L);
      c.createStatement().execute("CREATE TABLE after_it (a int)");
      c.createStatement().execute("SELECT lo_unlink(lo_from_bytea(0, 'x'))");
    }
    assertThat(it.run(env, "status", "-f", file).out()).doesNotContain("Read-only").doesNotContain("Over its storage");

    // The switch of the orkestr before this one, a setting apps could turn off, on data over its limit: replaced by the new one.
    Result legacy = ItContext.exec("orkestr_" + shop + "_db",
        "psql -U orkestr -d db -qc 'ALTER ROLE db IN DATABASE db SET default_transaction_read_only = on'");
    assertThat(legacy.exitCode()).as(legacy.out()).isZero();
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("SET default_transaction_read_only = off");
      c.createStatement().execute("INSERT INTO big SELECT g, repeat(md5(g::text), 30) FROM generate_series(1, 20000) g");
    }
    Result replaced = it.run(env, "apply", "-f", file, "--auto-approve");
    assertThat(replaced.out()).as(replaced.toString()).contains("made read-only for apps");
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("SET default_transaction_read_only = off");
      assertRefused(c, "INSERT INTO big VALUES (0, 'more')", "is read-only");
      assertThat(count(c)).isEqualTo(21_001L);
    }
  }
}

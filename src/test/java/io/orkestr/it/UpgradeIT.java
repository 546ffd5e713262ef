package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Postgres major upgrades through a dump and a restore: the data moves to the new version, or the old one keeps running. */
@Tag("docker")
class UpgradeIT {
  @RegisterExtension final ItContext it = new ItContext();

  private String manifest(String project, String version) {
    return it.write("version: 1\nprojects:\n  - name: " + project + "\n    plan: pro\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"" + version + "\"}\n"
        + "    apps:\n      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity]}\n").toString();
  }

  private static Map<String, String> contents(Connection c) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    for (String t : new String[] {"orders", "blobs"}) {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) || ':' || md5(string_agg(x::text, '|' ORDER BY x::text)) FROM " + t + " x")) {
        rs.next();
        out.put(t, rs.getString(1));
      }
    }
    return out;
  }

  private static void fill(Connection c) throws SQLException {
    c.createStatement().execute("CREATE TABLE orders (id serial PRIMARY KEY, item text, price numeric(10, 2));"
        + " INSERT INTO orders (item, price) SELECT 'item ' || g, g * 0.5 FROM generate_series(1, 3000) g;"
        + " CREATE TABLE blobs (id int, data bytea); INSERT INTO blobs SELECT g, decode(md5(g::text) || md5((g * 7)::text), 'hex')"
        + " FROM generate_series(1, 500) g");
  }

  @Test
  void aMajorUpgradeMovesTheDataToTheNewVersionAndKeepsTheOldVolume() throws Exception {
    String shop = it.project("shop");
    Result first = it.run("apply", "-f", manifest(shop, "15"), "--auto-approve");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Map<String, String> before;
    try (Connection c = it.appDb(shop)) {
      fill(c);
      before = contents(c);
    }
    String file = manifest(shop, "17");

    Result plan = it.run("plan", "-f", file);
    assertThat(plan.out()).contains("-/+ " + shop + "/addon/db: major upgrade postgres 15 -> 17 (dump, restore into a new volume, verify, switch;"
        + " the old volume is kept)");
    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.out()).contains("upgraded postgres 15 -> 17 (pre-upgrade backup ");
    try (Connection c = it.appDb(shop); ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
      rs.next();
      assertThat(rs.getInt(1) / 10000).isEqualTo(17);
      assertThat(contents(c)).isEqualTo(before);
      c.createStatement().execute("INSERT INTO orders (item, price) VALUES ('on 17', 1)"); // the app's role owns it all
      // On a disk of its own (the 15 database keeps its own, with the 15 data).
      try (ResultSet t = c.createStatement().executeQuery("SELECT t.spcname, pg_tablespace_location(t.oid) FROM pg_database d"
          + " JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = current_database()")) {
        t.next();
        assertThat(t.getString(1)).isEqualTo("orkestr_space");
      }
    }
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data_pg17_space")).isTrue();
    assertThat(it.home().resolve("disks").resolve("orkestr_" + shop + "_db_data_pg17_space.img")).exists();
    // Through the app's own DATABASE_URL, from a job on the project's network.
    Result job = it.run("run", "-f", file, "--project", shop, "--", "sh", "-c",
        "psql \"$DATABASE_URL\" -tAc \"SELECT count(*) FROM orders WHERE id <= 3000\" -c \"SHOW server_version_num\"");
    assertThat(job.exitCode()).as(job.toString()).isZero();
    assertThat(job.out().lines().toList()).containsExactly("3000", job.out().lines().toList().get(1));
    assertThat(job.out().lines().toList().get(1)).startsWith("17");

    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data")).isTrue(); // the 15 data, kept
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data_pg17")).isTrue();
    Result again = it.run("plan", "-f", file);
    assertThat(again.out()).startsWith("No changes.").contains("data volume orkestr_" + shop + "_db_data holds the postgres 15 data of "
        + shop + "/addon/db from before its upgrade to 17; it is kept until destroy --purge-data");
    assertThat(it.run("status", "-f", file).out()).contains("orkestr_" + shop + "_db_data holds the postgres 15 data");
    assertThat(it.run("backup", "list", "-f", file, "--addon", shop + "/db").out()).contains("pre-upgrade");
    assertThat(TestDocker.containers("orkestr.manifest=" + it.manifest())).extracting(c -> c.getNames()[0])
        .containsExactlyInAnyOrder("/orkestr_" + shop + "_db", "/orkestr_" + shop + "_web");
  }

  @Test
  void anUpgradeThatFailsLeavesTheOldVersionRunningOnItsUntouchedData() throws Exception {
    String shop = it.project("shop");
    assertThat(it.run("apply", "-f", manifest(shop, "15"), "--auto-approve").exitCode()).isZero();
    Map<String, String> before;
    try (Connection c = it.appDb(shop)) {
      fill(c);
      before = contents(c);
    }
    // adminpack is gone from Postgres 17: a dump that creates it cannot be restored there.
    Result ext = ItContext.exec("orkestr_" + shop + "_db", "psql -U orkestr -d db -qc 'CREATE EXTENSION adminpack'");
    assertThat(ext.exitCode()).as(ext.out()).isZero();
    String id = TestDocker.inspect("orkestr_" + shop + "_db").getId();

    Result apply = it.run("apply", "-f", manifest(shop, "17"), "--auto-approve");

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out() + apply.err()).contains("major upgrade postgres 15 -> 17 failed at step 3 of 5 (restore into postgres 17)")
        .contains("postgres 15 keeps running on its untouched data");
    assertThat(TestDocker.inspect("orkestr_" + shop + "_db").getId()).isEqualTo(id);
    try (Connection c = it.appDb(shop); ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
      rs.next();
      assertThat(rs.getInt(1) / 10000).isEqualTo(15);
      assertThat(contents(c)).isEqualTo(before);
    }
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data_pg17")).isFalse();
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data_pg17_space")).isFalse();
    assertThat(it.home().resolve("disks").resolve("orkestr_" + shop + "_db_data_pg17_space.img")).doesNotExist();
    assertThat(TestDocker.containers("orkestr.backup-work")).noneMatch(c -> c.getNames()[0].contains(shop));
  }
}

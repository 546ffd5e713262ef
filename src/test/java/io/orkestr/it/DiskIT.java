package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.nio.charset.StandardCharsets;
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

/**
 * The hard storage backstop: a Postgres add-on's database lives on a size-limited disk (an ext4
 * image loop-mounted on the engine's host), so writes between two of orkestr's checks stop at the
 * disk, Postgres keeps running, and nothing committed is lost. Runs as root on the engine's host,
 * as CI does.
 */
@Tag("docker")
class DiskIT {
  @RegisterExtension final ItContext it = new ItContext();

  private Map<String, String> env(String extra) throws Exception {
    Path plans = it.dir().resolve("plans.yaml");
    Files.writeString(plans, "plans:\n  tiny-disk: {cpu: 0.5, memory: 256Mi, storage: 24Mi, max_addons: 2, connections: 10}\n"
        + "  bigger-disk: {cpu: 0.5, memory: 256Mi, storage: 96Mi, max_addons: 2, connections: 10}\n");
    Map<String, String> env = new HashMap<>(it.env());
    env.put("ORKESTR_PLANS", plans.toString());
    if (!extra.isEmpty()) env.put(extra.split("=")[0], extra.split("=")[1]);
    return env;
  }

  private String manifest(String project, String plan) {
    return it.write("version: 1\nprojects:\n  - name: " + project + "\n    plan: " + plan + "\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"17\"}\n").toString();
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private Path disk(String project) {
    return it.home().resolve("disks").resolve("orkestr_" + project + "_db_data_space");
  }

  private static boolean mounted(Path mountPoint) throws Exception {
    return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
        .anyMatch(l -> l.split(" ")[4].equals(mountPoint.toString()));
  }

  private static final String TABLESPACE =
      "SELECT t.spcname FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = current_database()";

  @Test
  void writesPastTheLimitBetweenChecksStopAtTheDiskWhilePostgresKeepsRunningAndNothingCommittedIsLost() throws Exception {
    Map<String, String> env = env("");
    String shop = it.project("shop");
    String file = manifest(shop, "tiny-disk");
    Result applied = it.run(env, "apply", "-f", file, "--auto-approve");
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.out()).doesNotContain("read-only switch alone");
    assertThat(disk(shop).resolveSibling(disk(shop).getFileName() + ".img")).exists();
    assertThat(mounted(disk(shop))).isTrue();
    assertThat(disk(shop).resolve("space/orkestr-reserve")).exists();
    InspectContainerResponse before = TestDocker.inspect("orkestr_" + shop + "_db");

    long committed = 0;
    String refusal = null;
    try (Connection c = it.appDb(shop)) {
      assertThat(text(c, TABLESPACE)).isEqualTo("orkestr_space");
      c.createStatement().execute("CREATE TABLE big (id int, pad text)");
      // No check runs meanwhile (no apply, no status): only the disk stops it.
      for (int i = 0; i < 200 && refusal == null; i++) {
        try {
          c.createStatement().execute("INSERT INTO big SELECT g, repeat(md5(g::text), 30) FROM generate_series(1, 5000) g");
          committed += 5000;
        } catch (SQLException e) {
          refusal = e.getMessage();
        }
      }
    }
    assertThat(refusal).as("writes past the disk were refused").contains("No space left on device");
    try (Connection c = it.appDb(shop)) {
      System.out.printf("DiskIT: the 24 MiB plan's disk (%s) filled at %.1f MiB of database, %d rows%n",
          io.orkestr.tier.ByteSize.format(io.orkestr.desired.DiskPlacement.bytesFor(24L << 20)),
          scalar(c, "SELECT pg_database_size(current_database())") / 1048576.0, committed);
    }
    assertThat(committed).isGreaterThan(5000);

    InspectContainerResponse after = TestDocker.inspect("orkestr_" + shop + "_db");
    assertThat(after.getState().getRunning()).isTrue();
    assertThat(after.getState().getStartedAt()).isEqualTo(before.getState().getStartedAt());
    assertThat(after.getRestartCount()).isZero();
    try (Connection c = it.appDb(shop)) {
      assertThat(scalar(c, "SELECT count(*) FROM big")).isEqualTo(committed);
    }

    // The next check: read-only, the reserve given up so that the switch and the app's cleanup have room.
    Result enforce = it.run(env, "apply", "-f", file, "--auto-approve");
    assertThat(enforce.out()).as(enforce.toString()).contains("made read-only for apps");
    assertThat(disk(shop).resolve("space/orkestr-reserve")).doesNotExist();
    try (Connection c = it.appDb(shop)) {
      assertThatThrownBy(() -> c.createStatement().execute("INSERT INTO big VALUES (0, 'more')")).hasMessageContaining("is read-only");
      assertThat(scalar(c, "SELECT count(*) FROM big")).isEqualTo(committed);
      c.createStatement().execute("TRUNCATE big");
    }
    Result back = it.run(env, "apply", "-f", file, "--auto-approve");
    assertThat(back.out()).as(back.toString()).contains("writable again");
    assertThat(disk(shop).resolve("space/orkestr-reserve")).exists();
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("INSERT INTO big VALUES (1, 'again')");
      assertThat(scalar(c, "SELECT count(*) FROM big")).isEqualTo(1L);
    }
  }

  @Test
  void anUnmountedDiskKeepsTheAddOnFromStartingUntilApplyMountsItAndALargerPlanGrowsIt() throws Exception {
    Map<String, String> env = env("");
    String shop = it.project("shop");
    String file = manifest(shop, "tiny-disk");
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    try (Connection c = it.appDb(shop)) {
      c.createStatement().execute("CREATE TABLE kept AS SELECT g AS id FROM generate_series(1, 1000) g");
    }
    long smaller = Files.getFileStore(disk(shop)).getTotalSpace();

    // What a reboot leaves: the add-on stopped, the disk not mounted.
    String name = "orkestr_" + shop + "_db";
    TestDocker.CLIENT.stopContainerCmd(name).exec();
    Process umount = new ProcessBuilder("umount", disk(shop).toString()).inheritIO().start();
    assertThat(umount.waitFor()).isZero();
    assertThatThrownBy(() -> TestDocker.CLIENT.startContainerCmd(name).exec()).as("the engine does not start it on an empty directory")
        .hasMessageContaining("no such file or directory");

    Result plan = it.run(env, "plan", "-f", file);
    assertThat(plan.out()).as(plan.toString()).contains(shop + "/volume/db: update in place (disk not mounted -> mounted)");
    Result mount = it.run(env, "apply", "-f", file, "--auto-approve");
    assertThat(mount.exitCode()).as(mount.toString()).isZero();
    try (Connection c = it.appDb(shop)) {
      assertThat(scalar(c, "SELECT count(*) FROM kept")).isEqualTo(1000L);
    }

    // A larger plan: the disk grows (here with the add-on stopped meanwhile: no CAP_SYS_RESOURCE), every row kept.
    String bigger = manifest(shop, "bigger-disk");
    Result grow = it.run(env, "plan", "-f", bigger);
    assertThat(grow.out()).as(grow.toString()).containsPattern(shop + "/volume/db: update in place \\(disk 96 MiB -> 168 MiB");
    Result grown = it.run(env, "apply", "-f", bigger, "--auto-approve");
    assertThat(grown.exitCode()).as(grown.toString()).isZero();
    assertThat(Files.getFileStore(disk(shop)).getTotalSpace()).isGreaterThan(smaller + (64L << 20));
    try (Connection c = it.appDb(shop)) {
      assertThat(scalar(c, "SELECT count(*) FROM kept")).isEqualTo(1000L);
    }
    assertThat(it.run(env, "plan", "-f", bigger).out()).contains("No changes");

    // Back to the smaller plan: the disk is not shrunk, and the plan says so.
    Result shrink = it.run(env, "plan", "-f", manifest(shop, "tiny-disk"));
    assertThat(shrink.out()).as(shrink.toString()).contains("the disk of " + shop + "/addon/db stays at 168 MiB (its plan asks 96 MiB)")
        .doesNotContain("volume/db: update");
  }

  @Test
  void anAddOnMadeWithoutADiskMovesOntoOneWithEveryRowAndIsNeverReplacedWithoutIt() throws Exception {
    String shop = it.project("shop");
    String file = manifest(shop, "tiny-disk");
    Map<String, String> off = env("ORKESTR_DISKS=off");
    Result plain = it.run(off, "apply", "-f", file, "--auto-approve");
    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertThat(plain.out()).contains("the storage of " + shop + "/addon/db is held by orkestr's read-only switch alone, without a"
        + " size-limited disk: ORKESTR_DISKS=off");
    try (Connection c = it.appDb(shop)) {
      assertThat(text(c, TABLESPACE)).isEqualTo("pg_default");
      c.createStatement().execute("CREATE TABLE kept AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 5000) g");
    }

    Map<String, String> on = env("");
    Result move = it.run(on, "apply", "-f", file, "--auto-approve");
    assertThat(move.exitCode()).as(move.toString()).isZero();
    assertThat(move.out()).contains("~ " + shop + "/volume/db: update in place (disk none -> 96 MiB)");
    try (Connection c = it.appDb(shop)) {
      assertThat(text(c, TABLESPACE)).isEqualTo("orkestr_space");
      assertThat(scalar(c, "SELECT count(*) FROM kept")).isEqualTo(5000L);
      assertThat(text(c, "SELECT md5(string_agg(v, ',' ORDER BY id)) FROM kept"))
          .isEqualTo(text(c, "SELECT md5(string_agg(md5(g::text), ',' ORDER BY g)) FROM generate_series(1, 5000) g"));
    }
    assertThat(it.run(on, "plan", "-f", file).out()).contains("No changes");

    // An orkestr that cannot reach the disk refuses, rather than start Postgres without its database.
    Result refused = it.run(off, "apply", "-f", file, "--auto-approve");
    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.all()).contains(shop + "/addon/db keeps its database on a size-limited disk, which this orkestr cannot manage");
    try (Connection c = it.appDb(shop)) {
      assertThat(scalar(c, "SELECT count(*) FROM kept")).isEqualTo(5000L);
    }

    // A purge takes the disk with the data.
    Result purged = it.run(on, "destroy", "-f", file, "--purge-data", "--auto-approve");
    assertThat(purged.exitCode()).as(purged.toString()).isZero();
    assertThat(mounted(disk(shop))).isFalse();
    assertThat(disk(shop).resolveSibling(disk(shop).getFileName() + ".img")).doesNotExist();
  }
}

package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every step that stops and starts an add-on hands it on only once it answers. The add-ons here run
 * the test image orkestr.local/slow/... (bin/build-images), whose engine starts 5 s late on every
 * restart of a container: a step that goes on as soon as the container runs fails on any machine,
 * not only on a slow one.
 */
@Tag("docker")
class RestartIT {
  @RegisterExtension final ItContext it = new ItContext();

  private Map<String, String> slowEnv() throws Exception {
    Path plans = it.dir().resolve("plans.yaml");
    Files.writeString(plans, "plans:\n  tiny-disk: {cpu: 0.5, memory: 256Mi, storage: 24Mi, max_addons: 2, connections: 10}\n"
        + "  bigger-disk: {cpu: 0.5, memory: 256Mi, storage: 96Mi, max_addons: 2, connections: 10}\n"
        + "  small: {cpu: 0.5, memory: 256Mi, storage: 256Mi, max_addons: 2, connections: 10, backups: {manual_per_day: 5, retention: 7d}}\n");
    Map<String, String> env = new HashMap<>(it.env());
    env.put("ORKESTR_PLANS", plans.toString());
    env.put("ORKESTR_IMAGE_MIRROR", "orkestr.local/slow");
    return env;
  }

  private String manifest(String project, String plan, String version) {
    return it.write("version: 1\nprojects:\n  - name: " + project + "\n    plan: " + plan + "\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"" + version + "\"}\n").toString();
  }

  private static long rows(Connection c) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kept")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void fill(String project) throws Exception {
    try (Connection c = it.appDb(project)) {
      c.createStatement().execute("CREATE TABLE kept AS SELECT g AS id FROM generate_series(1, 1000) g");
    }
  }

  @Test
  void anAddOnRestartedToGrowItsDiskIsConfiguredOnlyOnceItAnswers() throws Exception {
    Map<String, String> env = slowEnv();
    String shop = it.project("shop");
    Result first = it.run(env, "apply", "-f", manifest(shop, "tiny-disk", "17"), "--auto-approve");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    fill(shop);

    // A larger plan grows the disk (with the add-on stopped: this host cannot grow a mounted one) and raises
    // a live setting, which is configured in the add-on right after: it must answer by then.
    String bigger = manifest(shop, "bigger-disk", "17");
    Result plan = it.run(env, "plan", "-f", bigger);
    assertThat(plan.out()).as(plan.toString()).contains("the add-on stops while its disk grows").contains("settings: temp_file_limit");
    Result grown = it.run(env, "apply", "-f", bigger, "--auto-approve");

    assertThat(grown.exitCode()).as(grown.toString()).isZero();
    assertThat(grown.out()).contains("it answered again after");
    assertThat(ItContext.logs("orkestr_" + shop + "_db")).as("the engine did start late").contains("slow-start: starting the engine 5s late");
    try (Connection c = it.appDb(shop)) {
      assertThat(rows(c)).isEqualTo(1000L);
    }
    assertThat(it.run(env, "plan", "-f", bigger).out()).contains("No changes");
  }

  @Test
  void aBackupOfAStoppedAddOnWaitsUntilItAnswersAndStopsItAgain() throws Exception {
    Map<String, String> env = slowEnv();
    String shop = it.project("shop");
    String file = manifest(shop, "small", "17");
    assertThat(it.run(env, "apply", "-f", file, "--auto-approve").exitCode()).isZero();
    fill(shop);
    String name = "orkestr_" + shop + "_db";
    TestDocker.CLIENT.stopContainerCmd(name).exec();

    Result backup = it.run(env, "backup", "create", "-f", file, "--addon", shop + "/db");

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(TestDocker.inspect(name).getState().getRunning()).as("put back as it was: stopped").isFalse();
    Result list = it.run(env, "backup", "list", "-f", file, "--addon", shop + "/db", "-o", "json");
    var backups = new com.fasterxml.jackson.databind.ObjectMapper().readTree(list.out());
    assertThat(backups).as(list.toString()).hasSize(1);
    assertThat(backups.get(0).get("status").asText()).as(list.toString()).isEqualTo("succeeded");
  }

  @Test
  void aMajorUpgradeOfAStoppedAddOnBacksItUpOnlyOnceItAnswers() throws Exception {
    Map<String, String> env = slowEnv();
    String shop = it.project("shop");
    assertThat(it.run(env, "apply", "-f", manifest(shop, "small", "15"), "--auto-approve").exitCode()).isZero();
    fill(shop);
    TestDocker.CLIENT.stopContainerCmd("orkestr_" + shop + "_db").exec();

    Result upgrade = it.run(env, "apply", "-f", manifest(shop, "small", "17"), "--auto-approve");

    assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
    assertThat(upgrade.out()).contains("upgraded postgres 15 -> 17");
    try (Connection c = it.appDb(shop)) {
      assertThat(rows(c)).isEqualTo(1000L);
      try (ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
        rs.next();
        assertThat(rs.getString(1)).startsWith("17");
      }
    }
  }
}

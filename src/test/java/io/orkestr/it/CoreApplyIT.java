package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Network;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@Tag("docker")
class CoreApplyIT {
  @RegisterExtension final ItContext it = new ItContext();

  String manifest(String shop) {
    return Manifests.dbAndCache(shop);
  }

  @Test
  void appliesFromEmptyWithPlanSizedLimitsThenASecondApplyChangesNothing() throws Exception {
    String shop = it.project("shop");
    String file = it.write(manifest(shop)).toString();

    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.out()).contains("Plan: 5 to add, 0 to change, 0 to destroy.", "Apply complete: 5 done, 0 failed, 0 skipped");
    InspectContainerResponse db = TestDocker.inspect("orkestr_" + shop + "_db");
    assertThat(db.getState().getRunning()).isTrue();
    assertThat(db.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);
    assertThat(db.getHostConfig().getMemory()).isEqualTo(1L << 30);
    assertThat(db.getHostConfig().getMemorySwap()).isEqualTo(1L << 30);
    assertThat(db.getConfig().getLabels()).containsEntry("orkestr.managed", "true").containsEntry("orkestr.manifest", it.manifest())
        .containsEntry("orkestr.project", shop).containsEntry("orkestr.key", shop + "/addon/db").containsKey("orkestr.config-hash");
    Network net = TestDocker.CLIENT.inspectNetworkCmd().withNetworkId("orkestr_" + shop + "_private").exec();
    assertThat(net.getInternal()).isTrue();
    assertThat(net.getIpam().getConfig().get(0).getSubnet()).matches("10\\.(9[6-9]|1[01][0-9]|12[0-7])\\.\\d+\\.0/24");
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data")).isTrue();

    Result second = it.run("apply", "-f", file, "--auto-approve");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).startsWith("No changes.");
    Result plan = it.run("plan", "-f", file, "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
  }

  @Test
  void addOnsAnswerRealClientsWithTheStoredCredentials() throws Exception {
    String shop = it.project("shop");
    String file = it.write(manifest(shop)).toString();
    assertThat(it.run("apply", "-f", file, "--auto-approve").exitCode()).isZero();

    // The host reaches container addresses even on internal networks; nothing else outside does.
    String dbIp = TestDocker.ip("orkestr_" + shop + "_db", "orkestr_" + shop + "_private");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + dbIp + ":5432/db", "db", it.password(shop, "db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), current_setting('server_version_num')::int / 10000")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("db");
      assertThat(rs.getInt(2)).isEqualTo(15);
    }
    String cacheIp = TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private");
    try (Jedis redis = new Jedis(cacheIp, 6379)) {
      redis.auth(it.password(shop, "cache"));
      assertThat(redis.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void secretsNeverAppearInAnyOutput() throws Exception {
    String shop = it.project("shop");
    String file = it.write(manifest(shop)).toString();

    Result apply = it.run("apply", "-f", file, "--auto-approve");
    Result plan = it.run("plan", "-f", file);
    Result json = it.run("plan", "-f", file, "-o", "json");
    Result status = it.run("status", "-f", file);
    Result statusJson = it.run("status", "-f", file, "-o", "json");
    Result pro = it.run("plan", "-f", it.write(manifest(shop).replace("plan: pro", "plan: business")).toString(), "-o", "json");

    String db = it.password(shop, "db");
    String cache = it.password(shop, "cache");
    for (Result r : new Result[] {apply, plan, json, status, statusJson, pro}) {
      assertThat(r.all()).doesNotContain(db).doesNotContain(cache);
    }
    assertThat(TestDocker.labels("orkestr_" + shop + "_db").values()).noneMatch(v -> v.contains(db));
    assertThat(status.out()).contains(shop + "/addon/db", "postgres 15", "running");
  }

  @Test
  void credentialFilesAreOwnerOnly() throws Exception {
    String shop = it.project("shop");
    it.run("apply", "-f", it.write(manifest(shop)).toString(), "--auto-approve");

    var file = it.home().resolve("credentials").resolve(shop).resolve("db");
    assertThat(java.nio.file.Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(java.nio.file.Files.getPosixFilePermissions(file.getParent()))
        .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_READ, java.nio.file.attribute.PosixFilePermission.GROUP_READ);
  }
}

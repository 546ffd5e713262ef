package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deleting keeps data unless asked: removed add-ons and destroy leave volumes; --purge-data takes them. */
@Tag("docker")
class DestroyIT {
  @RegisterExtension final ItContext it = new ItContext();

  String manifest(String shop) {
    return io.orkestr.Fixtures.project(shop, "pro", Manifests.DB);
  }

  int count(String shop) throws Exception {
    String ip = TestDocker.ip("orkestr_" + shop + "_db", "orkestr_" + shop + "_private");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + ip + ":5432/db", "db", it.password(shop, "db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM notes")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void destroyKeepsTheVolumeAndAnApplyFindsTheDataAgain() throws Exception {
    String shop = it.project("shop");
    String file = it.write(manifest(shop)).toString();
    it.run("apply", "-f", file, "--auto-approve");
    String ip = TestDocker.ip("orkestr_" + shop + "_db", "orkestr_" + shop + "_private");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + ip + ":5432/db", "db", it.password(shop, "db"))) {
      c.createStatement().execute("CREATE TABLE notes (t text); INSERT INTO notes VALUES ('kept')");
    }

    Result destroy = it.run("destroy", "-f", file, "--auto-approve");

    assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
    assertThat(destroy.out()).contains("- " + shop + "/addon/db: delete", "- " + shop + "/network/private: delete", "is kept; --purge-data deletes it");
    assertThat(TestDocker.exists("orkestr_" + shop + "_db")).isFalse();
    assertThat(TestDocker.networkExists("orkestr_" + shop + "_private")).isFalse();
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data")).isTrue();

    assertThat(it.run("apply", "-f", file, "--auto-approve").exitCode()).isZero();
    assertThat(count(shop)).isEqualTo(1);
  }

  @Test
  void purgeDataRemovesVolumesAndCredentials() {
    String shop = it.project("shop");
    String file = it.write(manifest(shop)).toString();
    it.run("apply", "-f", file, "--auto-approve");

    Result destroy = it.run("destroy", "-f", file, "--purge-data", "--auto-approve");

    assertThat(destroy.exitCode()).isZero();
    assertThat(destroy.out()).contains("- " + shop + "/volume/db: delete");
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_db_data")).isFalse();
    assertThat(it.home().resolve("credentials").resolve(shop).resolve("db")).doesNotExist();
    assertThat(it.run("plan", "-f", file).out()).contains("Plan: 3 to add");
  }

  @Test
  void removingAnAddOnFromTheManifestDeletesItsContainerButNotItsData() {
    String shop = it.project("shop");
    it.run("apply", "-f", it.write(manifest(shop) + "      - {name: cache, type: redis}\n").toString(), "--auto-approve");
    String file = it.write(manifest(shop)).toString();

    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(apply.out()).contains("- " + shop + "/addon/cache: delete (not in the manifest)", "Plan: 0 to add, 0 to change, 1 to destroy.");
    assertThat(TestDocker.exists("orkestr_" + shop + "_cache")).isFalse();
    assertThat(TestDocker.volumeExists("orkestr_" + shop + "_cache_data")).isTrue();
    assertThat(it.run("plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
  }
}

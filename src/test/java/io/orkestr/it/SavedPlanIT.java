package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** plan --out saves a plan; apply FILE applies exactly it, or refuses it when the world moved on. */
@Tag("docker")
class SavedPlanIT {
  @RegisterExtension final ItContext it = new ItContext();

  String manifest(String shop, String plan) {
    return """
        version: 1
        projects:
          - {name: %s, plan: %s, addons: [{name: cache, type: redis, version: "7"}]}
        """.formatted(shop, plan);
  }

  @Test
  void appliesASavedPlanExactlyEvenIfTheManifestChangedSince() {
    String shop = it.project("shop");
    String file = it.write(manifest(shop, "free")).toString();
    String saved = it.dir().resolve("plan.bin").toString();

    Result plan = it.run("plan", "-f", file, "--out", saved, "--detailed-exitcode");
    it.write(manifest(shop, "business"));
    Result apply = it.run("apply", saved);

    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(TestDocker.inspect("orkestr_" + shop + "_cache").getHostConfig().getMemory()).isEqualTo(256L << 20);
  }

  @Test
  void refusesAStalePlan() {
    String shop = it.project("shop");
    String file = it.write(manifest(shop, "free")).toString();
    it.run("apply", "-f", file, "--auto-approve");
    String saved = it.dir().resolve("plan.bin").toString();
    it.run("plan", "-f", it.write(manifest(shop, "pro")).toString(), "--out", saved);
    TestDocker.CLIENT.stopContainerCmd("orkestr_" + shop + "_cache").exec();

    Result apply = it.run("apply", saved);

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err()).startsWith("error: the saved plan is stale").contains("orkestr plan --out");
    assertThat(TestDocker.inspect("orkestr_" + shop + "_cache").getHostConfig().getMemory()).isEqualTo(256L << 20);
  }

  @Test
  void detailedExitCodeSaysWhetherThereAreChanges() {
    String shop = it.project("shop");
    String file = it.write(manifest(shop, "free")).toString();

    assertThat(it.run("plan", "-f", file, "--detailed-exitcode").exitCode()).isEqualTo(2);
    it.run("apply", "-f", file, "--auto-approve");
    assertThat(it.run("plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
    assertThat(it.run("plan", "-f", file).exitCode()).isZero();
  }
}

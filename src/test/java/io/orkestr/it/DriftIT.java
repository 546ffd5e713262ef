package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Changes made by hand show in the next plan, and apply repairs them. */
@Tag("docker")
class DriftIT {
  @RegisterExtension final ItContext it = new ItContext();

  String applied() {
    String shop = it.project("shop");
    String file = it.write(io.orkestr.Fixtures.project(shop, "pro", Manifests.CACHE)).toString();
    assertThat(it.run("apply", "-f", file, "--auto-approve").exitCode()).isZero();
    return shop;
  }

  String file() {
    return it.dir().resolve("orkestr.yaml").toString();
  }

  @Test
  void startsAContainerStoppedByHand() {
    String shop = applied();
    TestDocker.CLIENT.stopContainerCmd("orkestr_" + shop + "_cache").exec();

    Result plan = it.run("plan", "-f", file(), "--detailed-exitcode");
    Result apply = it.run("apply", "-f", file(), "--auto-approve");

    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.out()).contains("~ " + shop + "/addon/cache: update in place (state exited -> running)");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(TestDocker.inspect("orkestr_" + shop + "_cache").getState().getRunning()).isTrue();
    assertThat(it.run("plan", "-f", file(), "--detailed-exitcode").exitCode()).isZero();
  }

  @Test
  void recreatesAContainerRemovedByHand() {
    String shop = applied();
    TestDocker.CLIENT.removeContainerCmd("orkestr_" + shop + "_cache").withForce(true).exec();

    Result plan = it.run("plan", "-f", file());
    Result apply = it.run("apply", "-f", file(), "--auto-approve");

    assertThat(plan.out()).contains("+ " + shop + "/addon/cache: create", "Plan: 1 to add, 0 to change, 0 to destroy.");
    assertThat(apply.exitCode()).isZero();
    assertThat(TestDocker.inspect("orkestr_" + shop + "_cache").getState().getRunning()).isTrue();
  }

  @Test
  void reconnectsAndDisconnectsNetworksChangedByHand() {
    String shop = applied();
    String other = "orkestr-it-foreign-" + it.project("net");
    TestDocker.CLIENT.createNetworkCmd().withName(other).withLabels(java.util.Map.of("orkestr.manifest", it.manifest())).exec();
    TestDocker.CLIENT.connectToNetworkCmd().withContainerId("orkestr_" + shop + "_cache").withNetworkId(other).exec();
    TestDocker.CLIENT.disconnectFromNetworkCmd().withContainerId("orkestr_" + shop + "_cache").withNetworkId("orkestr_" + shop + "_private").exec();

    Result plan = it.run("plan", "-f", file());
    Result apply = it.run("apply", "-f", file(), "--auto-approve");

    assertThat(plan.out()).contains("network connections: +orkestr_" + shop + "_private, -" + other);
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(TestDocker.inspect("orkestr_" + shop + "_cache").getNetworkSettings().getNetworks()).containsOnlyKeys("orkestr_" + shop + "_private");
    Result ping = it.probe(java.util.List.of("orkestr_" + shop + "_private"), "REDISCLI_AUTH=" + it.password(shop, "cache") + " redis-cli -h cache ping");
    assertThat(ping.out()).contains("PONG");
  }
}

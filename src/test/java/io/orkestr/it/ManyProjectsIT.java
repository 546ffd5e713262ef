package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Docker's default address pools run out after about 30 networks; orkestr's own pool does not. */
@Tag("docker")
class ManyProjectsIT {
  @RegisterExtension final ItContext it = new ItContext();

  @Test
  void appliesAHundredProjectsOnOneEngineEachOnItsOwnSubnet() {
    StringBuilder yaml = new StringBuilder("version: 1\nprojects:\n");
    for (int i = 0; i < 100; i++) {
      yaml.append("  - {name: ").append(it.project("p" + i)).append(", plan: free, addons: [{name: cache, type: redis, version: \"7\"}]}\n");
    }
    String file = it.write(yaml.toString()).toString();

    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("Apply complete: 300 done, 0 failed");
    List<Network> ours = TestDocker.CLIENT.listNetworksCmd().withFilter("label", List.of("orkestr.manifest=" + it.manifest())).exec();
    Set<String> subnets = new TreeSet<>();
    ours.forEach(n -> subnets.add(n.getIpam().getConfig().get(0).getSubnet()));
    assertThat(ours).hasSize(100);
    assertThat(subnets).hasSize(100);
    Result plan = it.run("--stats", "plan", "-f", file, "--detailed-exitcode");
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.err()).contains("docker_api_calls=3 ");
    assertThat(it.run("destroy", "-f", file, "--auto-approve").exitCode()).isZero();
  }
}

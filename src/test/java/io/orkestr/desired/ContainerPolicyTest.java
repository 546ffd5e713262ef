package io.orkestr.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerPolicyTest {
  private static final String MANIFEST = """
      version: 1
      projects:
        - name: shop
          plan: pro
          addons: [{name: db, type: postgres}]
          apps: [{name: web, image: app:1}]
      """;

  private static ContainerSpec container(DesiredState desired, ResourceKey key) {
    return (ContainerSpec) desired.get(key).orElseThrow();
  }

  @Test
  void addOnsRestartUnlessStoppedKeepTheirOwnPid1AndHaveAHealthCheck() {
    ContainerSpec db = container(Fixtures.desired(MANIFEST), ResourceKey.addon("shop", "db"));

    assertThat(db.policy().restart()).isEqualTo(ContainerPolicy.Restart.UNLESS_STOPPED);
    assertThat(db.policy().init()).isFalse();
    assertThat(db.policy().healthcheck()).isPresent();
    assertThat(db.policy().logs()).isEqualTo(new ContainerPolicy.LogLimits("10m", 3));
  }

  @Test
  void appsRunWithDockersInitAndJobsAreNeverRestarted() {
    DesiredState desired = Fixtures.desired(MANIFEST);
    ContainerSpec web = container(desired, ResourceKey.app("shop", "web"));
    var manifest = Fixtures.manifest(MANIFEST);
    ContainerSpec job = JobSpecs.forProject(manifest, manifest.projects().get(0), "app:1");

    assertThat(web.policy().init()).isTrue();
    assertThat(web.policy().restart()).isEqualTo(ContainerPolicy.Restart.UNLESS_STOPPED);
    assertThat(job.policy().restart()).isEqualTo(ContainerPolicy.Restart.NO);
    assertThat(job.policy().init()).isTrue();
  }

  @Test
  void thePoliciesOrkestrAlwaysAppliedAddNothingToTheConfigHash() {
    DesiredState desired = Fixtures.desired(MANIFEST);

    assertThat(ConfigHash.parts(container(desired, ResourceKey.addon("shop", "db")))).doesNotContainKey("policy");
    assertThat(ConfigHash.parts(container(desired, ResourceKey.app("shop", "web")))).doesNotContainKey("policy");
  }

  @Test
  void anotherPolicyIsPartOfTheConfigHash() {
    ContainerSpec web = container(Fixtures.desired(MANIFEST), ResourceKey.app("shop", "web"));
    ContainerSpec noInit = new ContainerSpec(web.key(), web.dockerName(), web.image(), web.command(), web.env(), web.networks(),
        web.mounts(), web.ports(), web.limits(), new ContainerPolicy(ContainerPolicy.Restart.UNLESS_STOPPED, false,
            ContainerPolicy.LOGS, Optional.empty()), web.addOn(), web.uses(), web.release(), web.labels());

    assertThat(ConfigHash.parts(noInit)).containsKey("policy");
    assertThat(ConfigHash.of(ConfigHash.parts(noInit))).isNotEqualTo(ConfigHash.of(ConfigHash.parts(web)));
    assertThat(List.of(noInit.policy().describe())).doesNotContain(web.policy().describe());
  }
}

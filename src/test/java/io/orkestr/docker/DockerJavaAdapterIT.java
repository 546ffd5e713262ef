package io.orkestr.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.desired.ContainerPolicy;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeMount;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.docker.engine.DockerJavaAdapter;
import io.orkestr.it.TestDocker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The contract against the real engine, through docker-java and orkestr's unix-socket transport. */
@Tag("docker")
class DockerJavaAdapterIT extends DockerPortContract {
  @Override
  protected DockerPort port() {
    return DockerJavaAdapter.fromEnvironment(System.getenv());
  }

  @Override
  protected void cleanUp(String runLabel) {
    io.orkestr.it.ItContext.removeByLabel("orkestr.manifest=" + runLabel);
  }

  /**
   * The add-on images declare a VOLUME (Redis: /data); a container that mounts nothing there gets an
   * anonymous volume, which outlived the container until removal took anonymous volumes with it.
   */
  @Test
  void removingAContainerTakesItsAnonymousVolumesButNeverANamedOne() {
    NetworkSpec net = network();
    VolumeSpec named = new VolumeSpec(ResourceKey.volume(run, "c"), "orkestr_" + run + "_c_data", Optional.empty(), labels());
    docker.createNetwork(net);
    docker.createVolume(named);
    try {
      ContainerSpec spec = new ContainerSpec(ResourceKey.addon(run, "c"), "orkestr_" + run + "_c", IMAGE, List.of("true"), Map.of(),
          List.of(new NetworkAttachment(net.key(), net.dockerName(), List.of())), List.of(new VolumeMount(named.key(), named.dockerName(), "/kept")),
          List.of(), Limits.NONE, ContainerPolicy.job(), Optional.empty(), List.of(), List.of(), labels());
      String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));
      String anonymous = TestDocker.inspect(id).getMounts().stream().filter(m -> m.getDestination().getPath().equals("/data"))
          .map(m -> m.getName()).findFirst().orElseThrow();
      assertThat(TestDocker.volumeExists(anonymous)).isTrue();

      docker.removeContainer(id);

      assertThat(TestDocker.volumeExists(anonymous)).as("the anonymous volume at /data").isFalse();
      assertThat(TestDocker.volumeExists(named.dockerName())).as("the named volume").isTrue();
    } finally {
      cleanUp(run);
      docker.removeVolume(named.dockerName());
      docker.removeNetwork(net.dockerName());
    }
  }
}

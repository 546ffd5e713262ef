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

  @Test
  void aDiskVolumeBindsItsHostDirectoryAndWithoutItTheContainerDoesNotStart() throws Exception {
    NetworkSpec net = network();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("orkestr-disks-");
    Map<String, String> diskLabels = new java.util.TreeMap<>(labels());
    diskLabels.put(io.orkestr.desired.Labels.DISK, "true");
    VolumeSpec disk = new VolumeSpec(ResourceKey.volume(run, "d"), "orkestr_" + run + "_d_data_space", Optional.empty(), diskLabels,
        Optional.of(new VolumeSpec.Disk(1L << 20, 0, dir.toString())));
    java.nio.file.Path bound = java.nio.file.Path.of(disk.bindPath().orElseThrow());
    java.nio.file.Files.createDirectories(bound);
    docker.createNetwork(net);
    docker.createVolume(disk);
    try {
      ContainerSpec spec = new ContainerSpec(ResourceKey.addon(run, "d"), "orkestr_" + run + "_d", IMAGE, List.of("sh", "-c", "echo hi > /space/f"),
          Map.of(), List.of(new NetworkAttachment(net.key(), net.dockerName(), List.of())), List.of(new VolumeMount(disk.key(), disk.dockerName(),
              "/space")), List.of(), Limits.NONE, ContainerPolicy.job(), Optional.empty(), List.of(), List.of(), labels());
      String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));
      docker.startContainer(id);
      io.orkestr.it.ItContext.await("the container wrote into the bound directory", java.time.Duration.ofSeconds(20),
          () -> java.nio.file.Files.exists(bound.resolve("f")));
      assertThat(java.nio.file.Files.readString(bound.resolve("f"))).isEqualTo("hi\n");
      io.orkestr.it.ItContext.await("the container ended", java.time.Duration.ofSeconds(20), () -> !TestDocker.inspect(id).getState().getRunning());

      // What an unmounted disk leaves: no directory to bind. The engine refuses the start instead of making one.
      java.nio.file.Files.delete(bound.resolve("f"));
      java.nio.file.Files.delete(bound);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> docker.startContainer(id)).hasMessageContaining("no such file or directory");
      assertThat(bound).doesNotExist();
    } finally {
      cleanUp(run);
      docker.removeVolume(disk.dockerName());
      docker.removeNetwork(net.dockerName());
    }
  }
}

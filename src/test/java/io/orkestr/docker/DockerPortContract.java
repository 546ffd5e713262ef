package io.orkestr.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.ContainerPolicy;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.error.ImageUnavailableError;
import io.orkestr.error.UserError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DockerPortContract is what orkestr relies on from a DockerPort. It runs against the in-memory
 * fake (FakeDockerPortTest) and the real engine (DockerJavaAdapterIT), so the fake cannot drift
 * from Docker's behaviour in what the planner and applier depend on.
 */
public abstract class DockerPortContract {
  protected static final String IMAGE = "orkestr.local/redis:7";
  protected DockerPort docker;
  protected String run;

  protected abstract DockerPort port();

  /** Removes whatever the test created, by its run label. */
  protected abstract void cleanUp(String runLabel);

  @BeforeEach
  void open() {
    docker = port();
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    run = "contract-" + HexFormat.of().formatHex(b);
  }

  @AfterEach
  void close() {
    cleanUp(run);
  }

  protected Map<String, String> labels() {
    return Map.of("orkestr.managed", "true", "orkestr.manifest", run, "orkestr.key", run + "/addon/c");
  }

  protected NetworkSpec network() {
    return new NetworkSpec(ResourceKey.network(run, "private"), "orkestr_" + run + "_private", true, Optional.of("10.127.254.0/24"), labels());
  }

  private ContainerSpec container(NetworkSpec net) {
    return new ContainerSpec(ResourceKey.addon(run, "c"), "orkestr_" + run + "_c", IMAGE, List.of("redis-server"), Map.of(),
        List.of(new NetworkAttachment(net.key(), net.dockerName(), List.of("c"))), List.of(), List.of(), new Limits(250_000_000L, 64L << 20),
        ContainerPolicy.job(), Optional.empty(), List.of(), List.of(), labels());
  }

  @Test
  void listsOnlyContainersWithTheLabelWithStateNetworksAndLabels() {
    NetworkSpec net = network();
    docker.createNetwork(net);
    ContainerSpec spec = container(net);
    String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));

    List<ObservedContainer> before = docker.listContainers("orkestr.manifest=" + run);
    docker.startContainer(id);
    List<ObservedContainer> after = docker.listContainers("orkestr.manifest=" + run);

    assertThat(before).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(id);
      assertThat(c.name()).isEqualTo(spec.dockerName());
      assertThat(c.state()).isEqualTo(ContainerState.CREATED);
      assertThat(c.labels()).containsAllEntriesOf(labels());
    });
    assertThat(after).singleElement().satisfies(c -> {
      assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
      assertThat(c.networks()).containsOnlyKeys(net.dockerName());
    });
    assertThat(docker.listContainers("orkestr.manifest=" + run + "-other")).isEmpty();
  }

  @Test
  void writesFilesIntoACreatedContainerBeforeItStarts() {
    NetworkSpec net = network();
    docker.createNetwork(net);
    ContainerSpec spec = container(net);
    String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));

    docker.copyFiles(id, List.of(new FileContent("/etc/orkestr-contract/hello.conf", "hello\n".getBytes(StandardCharsets.UTF_8), 0600)));
    docker.startContainer(id);

    ExecResult cat = docker.exec(id, List.of("cat", "/etc/orkestr-contract/hello.conf"), Map.of(), Duration.ofSeconds(10));
    assertThat(cat.succeeded()).isTrue();
    assertThat(cat.output()).isEqualTo("hello\n");
  }

  @Test
  void streamsStdinThroughACommandToStdoutByteForByte() throws Exception {
    NetworkSpec net = network();
    docker.createNetwork(net);
    ContainerSpec spec = container(net);
    String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));
    docker.startContainer(id);
    byte[] data = new byte[5 << 20];
    new java.util.Random(42).nextBytes(data);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    StreamedExec r = docker.execStreaming(id, List.of("cat"), Map.of(), new java.io.ByteArrayInputStream(data), out, Duration.ofMinutes(1));

    assertThat(r.exitCode()).isZero();
    assertThat(java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray()))
        .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void aStreamingExecThatFailsGivesItsExitCodeAndItsStderr() throws Exception {
    NetworkSpec net = network();
    docker.createNetwork(net);
    ContainerSpec spec = container(net);
    String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));
    docker.startContainer(id);

    StreamedExec r = docker.execStreaming(id, List.of("cat", "/no/such/file"), Map.of(), null, java.io.OutputStream.nullOutputStream(),
        Duration.ofSeconds(30));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderrTail()).contains("/no/such/file").contains("No such file or directory");
  }

  @Test
  void createsNetworksWithTheirSubnetAndListsEveryNetwork() {
    docker.createNetwork(network());

    assertThat(docker.listNetworks()).filteredOn(n -> n.name().equals("orkestr_" + run + "_private")).singleElement()
        .satisfies(n -> {
          assertThat(n.internal()).isTrue();
          assertThat(n.subnets()).containsExactly("10.127.254.0/24");
          assertThat(n.labels()).containsAllEntriesOf(labels());
        });
  }

  @Test
  void updatesLimitsLiveAndInspectsThem() {
    NetworkSpec net = network();
    docker.createNetwork(net);
    ContainerSpec spec = container(net);
    String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));
    docker.startContainer(id);

    docker.updateLimits(id, new Limits(500_000_000L, 128L << 20));

    assertThat(docker.inspectLimits(id)).isEqualTo(new Limits(500_000_000L, 128L << 20));
  }

  @Test
  void removingWhatIsAlreadyGoneSucceeds() {
    docker.removeContainer("0000000000000000000000000000000000000000000000000000000000000000");
    docker.removeNetwork("orkestr_" + run + "_gone");
    docker.removeVolume("orkestr_" + run + "_gone");
    docker.stopContainer("0000000000000000000000000000000000000000000000000000000000000000", Duration.ofSeconds(1));
  }

  @Test
  void volumesAreListedByLabelAndRemoved() {
    VolumeSpec v = new VolumeSpec(ResourceKey.volume(run, "c"), "orkestr_" + run + "_c_data", Optional.of(7), labels());
    docker.createVolume(v);

    assertThat(docker.listVolumes("orkestr.manifest=" + run)).extracting(io.orkestr.actual.ObservedVolume::name).containsExactly(v.dockerName());
    docker.removeVolume(v.dockerName());
    assertThat(docker.listVolumes("orkestr.manifest=" + run)).isEmpty();
  }

  @Test
  void aNetworkInUseCannotBeRemovedAndSaysWhy() {
    NetworkSpec net = network();
    docker.createNetwork(net);
    ContainerSpec spec = container(net);
    String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));
    docker.startContainer(id);

    assertThatThrownBy(() -> docker.removeNetwork(net.dockerName())).isInstanceOf(UserError.class).hasMessageContaining("active endpoints");
  }

  @Test
  void aCreatedButNeverStartedContainerDoesNotHoldItsNetwork() {
    NetworkSpec net = network();
    docker.createNetwork(net);
    ContainerSpec spec = container(net);
    String id = docker.createContainer(new ContainerCreate(spec, spec.dockerName(), spec.command(), Map.of()));

    docker.removeNetwork(net.dockerName());

    assertThat(docker.listNetworks()).noneMatch(n -> n.name().equals(net.dockerName()));
    assertThat(docker.listContainers("orkestr.manifest=" + run)).extracting(ObservedContainer::id).containsExactly(id);
  }

  @Test
  void aMissingImageIsAnImageUnavailableError() {
    NetworkSpec net = network();
    docker.createNetwork(net);
    ContainerSpec spec = container(net);
    ContainerSpec missing = new ContainerSpec(spec.key(), spec.dockerName(), "orkestr.local/no-such-image:1", spec.command(), spec.env(),
        spec.networks(), spec.mounts(), spec.ports(), spec.limits(), spec.policy(), spec.addOn(), spec.uses(), spec.release(), spec.labels());

    assertThat(docker.hasImage(IMAGE)).isTrue();
    assertThat(docker.hasImage("orkestr.local/no-such-image:1")).isFalse();
    assertThatThrownBy(() -> docker.createContainer(new ContainerCreate(missing, missing.dockerName(), missing.command(), Map.of())))
        .isInstanceOf(ImageUnavailableError.class);
  }
}

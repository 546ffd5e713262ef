package io.orkestr.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** TestDocker is the tests' own view of the engine (docker-java directly), to check what orkestr did. */
public final class TestDocker {
  static final DockerClient CLIENT = connect();

  private TestDocker() {}

  private static DockerClient connect() {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    var http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).maxConnections(20)
        .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(5)).build();
    DockerClient client = DockerClientImpl.getInstance(config, http);
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      // One clear line instead of a suite that looks green because it skipped.
      throw new IllegalStateException("integration tests need a Docker engine at " + config.getDockerHost()
          + " (run bin/test, which starts one): " + e.getMessage());
    }
    return client;
  }

  public static InspectContainerResponse inspect(String nameOrId) {
    return CLIENT.inspectContainerCmd(nameOrId).exec();
  }

  public static List<Container> containers(String label) {
    return CLIENT.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec();
  }

  public static boolean exists(String containerName) {
    return !CLIENT.listContainersCmd().withShowAll(true).withNameFilter(List.of("^/" + containerName + "$")).exec().isEmpty();
  }

  public static boolean networkExists(String name) {
    return CLIENT.listNetworksCmd().exec().stream().anyMatch(n -> n.getName().equals(name));
  }

  public static boolean volumeExists(String name) {
    var volumes = CLIENT.listVolumesCmd().exec().getVolumes();
    return volumes != null && volumes.stream().anyMatch(v -> v.getName().equals(name));
  }

  /** The container's IP on a network. */
  public static String ip(String container, String network) {
    return inspect(container).getNetworkSettings().getNetworks().get(network).getIpAddress();
  }

  public static Map<String, String> labels(String container) {
    return inspect(container).getConfig().getLabels();
  }
}

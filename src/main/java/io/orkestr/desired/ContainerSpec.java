package io.orkestr.desired;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ContainerSpec is an add-on's or app's container as orkestr wants it. Command arguments and
 * environment values may hold credential placeholders (see Placeholders); limits are applied live
 * by Docker's update, everything else by replacing the container. The policy says how Docker runs
 * it (restart, init, logs, health check). An app's release command runs as a one-off job before
 * each deploy; it is not part of the container, so not of its hash.
 */
public record ContainerSpec(
    ResourceKey key,
    String dockerName,
    String image,
    List<String> command,
    Map<String, String> env,
    List<NetworkAttachment> networks,
    List<VolumeMount> mounts,
    List<PublishedPort> ports,
    Limits limits,
    ContainerPolicy policy,
    Optional<AddOnRuntime> addOn,
    List<ResourceKey> uses,
    List<String> release,
    Map<String, String> labels) implements Resource {

  public ContainerSpec {
    Objects.requireNonNull(key);
    Objects.requireNonNull(dockerName);
    Objects.requireNonNull(image);
    command = List.copyOf(command);
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
    networks = List.copyOf(networks);
    mounts = List.copyOf(mounts);
    ports = List.copyOf(ports);
    Objects.requireNonNull(limits);
    Objects.requireNonNull(policy);
    Objects.requireNonNull(addOn);
    uses = List.copyOf(uses);
    release = List.copyOf(release);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** The config hash label: what decides whether the running container can stay. */
  public String configHash() {
    return labels.getOrDefault(Labels.CONFIG_HASH, "");
  }

  /** The engine an add-on runs; empty for apps and jobs. */
  public Optional<EngineRef> engine() {
    return addOn.map(AddOnRuntime::engine);
  }

  /** The probe that tells an add-on answers; empty for apps and jobs. */
  public Optional<Probe> readiness() {
    return addOn.map(AddOnRuntime::readiness);
  }

  /** The same add-on on another data volume (after a major upgrade the data lives on a new one). */
  public ContainerSpec withDataVolume(String volumeName) {
    List<VolumeMount> moved = new java.util.ArrayList<>(mounts);
    moved.set(0, moved.get(0).named(volumeName));
    // The database's disk goes with its data: a major upgrade's new data gets a new disk too.
    for (int i = 1; i < moved.size(); i++) {
      if (moved.get(i).disk().isPresent()) {
        moved.set(i, moved.get(i).named(DockerNames.space(volumeName)));
      }
    }
    return ContainerLabels.finish(new ContainerSpec(key, dockerName, image, command, env, networks, moved, ports, limits, policy, addOn, uses,
        release, labels), labels);
  }

  public ContainerSpec withNetworks(List<NetworkAttachment> newNetworks) {
    return new ContainerSpec(key, dockerName, image, command, env, newNetworks, mounts, ports, limits, policy, addOn, uses, release,
        labels);
  }

  public ContainerSpec withLabels(Map<String, String> newLabels) {
    return new ContainerSpec(key, dockerName, image, command, env, networks, mounts, ports, limits, policy, addOn, uses, release,
        newLabels);
  }
}

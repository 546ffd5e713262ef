package io.orkestr.desired;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * NetworkSpec is a project's (or group's) Docker bridge network. Internal networks have no route
 * out. The subnet is not chosen from the manifest: the planner assigns one from orkestr's pool
 * when the network is created, and an existing network keeps its own.
 */
public record NetworkSpec(ResourceKey key, String dockerName, boolean internal, Optional<String> subnet,
    Map<String, String> labels) implements Resource {
  public NetworkSpec {
    Objects.requireNonNull(key);
    Objects.requireNonNull(dockerName);
    Objects.requireNonNull(subnet);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  public NetworkSpec withSubnet(String cidr) {
    return new NetworkSpec(key, dockerName, internal, Optional.of(cidr), labels);
  }
}

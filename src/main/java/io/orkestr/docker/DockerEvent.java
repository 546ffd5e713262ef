package io.orkestr.docker;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** DockerEvent is one event of the engine's stream: what kind of object (container, network), what happened, to which. */
public record DockerEvent(String type, String action, String id, Map<String, String> attributes) {
  public DockerEvent {
    Objects.requireNonNull(type);
    Objects.requireNonNull(action);
    Objects.requireNonNull(id);
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }
}

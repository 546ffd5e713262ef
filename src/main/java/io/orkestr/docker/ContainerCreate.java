package io.orkestr.docker;

import io.orkestr.desired.ContainerSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * ContainerCreate is a container spec with its placeholders resolved: the command and environment
 * hold real credentials here, so this record never reaches a log (toString leaves them out).
 */
public record ContainerCreate(ContainerSpec spec, String name, List<String> command, Map<String, String> env) {
  public ContainerCreate {
    Objects.requireNonNull(spec);
    Objects.requireNonNull(name);
    command = List.copyOf(command);
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
  }

  @Override
  public String toString() {
    return "ContainerCreate[" + spec.key() + " as " + name + ", env names " + env.keySet() + "]";
  }
}

package io.orkestr.manifest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** App is a project's long-running container, deployed with the add-ons' connection variables. */
public record App(
    String name,
    String image,
    List<String> command,
    Map<String, String> env,
    List<PortMapping> ports,
    List<String> release,
    Redeploy redeploy) {

  public App {
    Objects.requireNonNull(name);
    Objects.requireNonNull(image);
    command = List.copyOf(command);
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env)); // sorted: env order never causes a diff
    ports = List.copyOf(ports);
    release = List.copyOf(release);
    Objects.requireNonNull(redeploy);
  }
}

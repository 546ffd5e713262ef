package io.orkestr.backup;

import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.ResourceKey;
import java.util.Objects;

/**
 * AddOnTarget is an add-on as a backup sees it: its key and manifest, its desired container (image,
 * volume, settings) and the running container's id.
 */
public record AddOnTarget(String manifest, ResourceKey key, ContainerSpec spec, String containerId) {
  public AddOnTarget {
    Objects.requireNonNull(manifest);
    Objects.requireNonNull(key);
    Objects.requireNonNull(spec);
    Objects.requireNonNull(containerId);
  }

  /** The add-on's database (Postgres) and app role: its name with '-' made '_'. */
  public String ident() {
    return key.name().replace('-', '_');
  }
}

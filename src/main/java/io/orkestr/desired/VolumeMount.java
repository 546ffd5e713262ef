package io.orkestr.desired;

import java.util.Objects;

/** VolumeMount mounts a named volume at a path in a container. */
public record VolumeMount(ResourceKey volume, String volumeName, String path) {
  public VolumeMount {
    Objects.requireNonNull(volume);
    Objects.requireNonNull(volumeName);
    Objects.requireNonNull(path);
  }
}

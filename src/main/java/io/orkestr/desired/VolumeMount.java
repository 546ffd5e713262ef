package io.orkestr.desired;

import java.util.Objects;
import java.util.Optional;

/**
 * VolumeMount mounts a named volume at a path in a container. A volume on a disk says so, so that
 * whoever makes the volume for this container (a major upgrade makes new ones) can make its disk.
 */
public record VolumeMount(ResourceKey volume, String volumeName, String path, Optional<VolumeSpec.Disk> disk) {
  public VolumeMount {
    Objects.requireNonNull(volume);
    Objects.requireNonNull(volumeName);
    Objects.requireNonNull(path);
    Objects.requireNonNull(disk);
  }

  public VolumeMount(ResourceKey volume, String volumeName, String path) {
    this(volume, volumeName, path, Optional.empty());
  }

  public VolumeMount named(String name) {
    return new VolumeMount(volume, name, path, disk);
  }
}

package io.orkestr.service;

import io.orkestr.desired.ImageCatalog;
import io.orkestr.disk.DiskPort;
import io.orkestr.plan.SubnetPool;
import java.time.Duration;
import java.util.Objects;

/**
 * ServiceSettings: where images come from, which subnets networks get, how long to wait for the
 * apply lock, and the host's size-limited disks (none: the read-only switch alone holds storage).
 */
public record ServiceSettings(ImageCatalog images, SubnetPool subnets, Duration lockTimeout, DiskPort disks) {
  public ServiceSettings {
    Objects.requireNonNull(images);
    Objects.requireNonNull(subnets);
    Objects.requireNonNull(lockTimeout);
    Objects.requireNonNull(disks);
  }

  public ServiceSettings(ImageCatalog images, SubnetPool subnets, Duration lockTimeout) {
    this(images, subnets, lockTimeout, DiskPort.none(""));
  }
}

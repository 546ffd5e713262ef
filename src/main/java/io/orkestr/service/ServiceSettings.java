package io.orkestr.service;

import io.orkestr.desired.ImageCatalog;
import io.orkestr.disk.DiskPort;
import io.orkestr.plan.SubnetPool;
import java.time.Duration;
import java.util.Objects;

/**
 * ServiceSettings: where images come from, which subnets networks get, how long to wait for the
 * apply lock, the host's size-limited disks (none: the read-only switch alone holds storage), the
 * diversions that let add-ons sleep (none: they stay awake) and how long a client's connection is
 * held while its add-on wakes, and how off-site backup stores are reached (with whose credentials).
 */
public record ServiceSettings(ImageCatalog images, SubnetPool subnets, Duration lockTimeout, DiskPort disks,
    io.orkestr.sleep.Diversions diversions, Duration wakeTimeout, io.orkestr.backup.OffsiteStores offsites) {
  /** How long a connection to a sleeping add-on is held at most while it wakes (ORKESTR_WAKE_TIMEOUT). */
  public static final Duration WAKE_TIMEOUT = Duration.ofSeconds(60);

  public ServiceSettings {
    Objects.requireNonNull(images);
    Objects.requireNonNull(subnets);
    Objects.requireNonNull(lockTimeout);
    Objects.requireNonNull(disks);
    Objects.requireNonNull(diversions);
    Objects.requireNonNull(wakeTimeout);
    Objects.requireNonNull(offsites);
  }

  public ServiceSettings(ImageCatalog images, SubnetPool subnets, Duration lockTimeout, DiskPort disks, io.orkestr.sleep.Diversions diversions,
      Duration wakeTimeout) {
    this(images, subnets, lockTimeout, disks, diversions, wakeTimeout, io.orkestr.backup.OffsiteStores.NONE);
  }

  public ServiceSettings(ImageCatalog images, SubnetPool subnets, Duration lockTimeout, DiskPort disks) {
    this(images, subnets, lockTimeout, disks, io.orkestr.sleep.Diversions.none("no diversions in this setup"), WAKE_TIMEOUT);
  }

  public ServiceSettings(ImageCatalog images, SubnetPool subnets, Duration lockTimeout) {
    this(images, subnets, lockTimeout, DiskPort.none(""));
  }
}

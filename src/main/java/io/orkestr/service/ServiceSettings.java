package io.orkestr.service;

import io.orkestr.desired.ImageCatalog;
import io.orkestr.plan.SubnetPool;
import java.time.Duration;
import java.util.Objects;

/** ServiceSettings: where images come from, which subnets networks get, how long to wait for the apply lock. */
public record ServiceSettings(ImageCatalog images, SubnetPool subnets, Duration lockTimeout) {
  public ServiceSettings {
    Objects.requireNonNull(images);
    Objects.requireNonNull(subnets);
    Objects.requireNonNull(lockTimeout);
  }
}

package io.orkestr.manifest;

import java.util.Objects;
import java.util.Optional;

/** RedisAddOn is a managed Redis, persisted with an append-only file. */
public record RedisAddOn(String name, String version, Optional<String> image, boolean automaticBackups) implements AddOn {
  public RedisAddOn {
    Objects.requireNonNull(name);
    Objects.requireNonNull(version);
    Objects.requireNonNull(image);
  }

  @Override
  public Engine engine() {
    return Engine.REDIS;
  }
}

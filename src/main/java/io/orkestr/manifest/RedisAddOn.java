package io.orkestr.manifest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * RedisAddOn is a managed Redis, persisted with an append-only file. Eviction is its
 * maxmemory-policy; left out, writes past the memory limit fail instead (noeviction).
 */
public record RedisAddOn(String name, String version, Optional<String> image, BackupSettings backups, Map<String, String> settings,
    boolean superuser, Optional<String> eviction, AddOnSleep sleep) implements AddOn {
  public RedisAddOn {
    Objects.requireNonNull(name);
    Objects.requireNonNull(version);
    Objects.requireNonNull(image);
    Objects.requireNonNull(backups);
    settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    Objects.requireNonNull(sleep);
    Objects.requireNonNull(eviction);
  }

  @Override
  public Engine engine() {
    return Engine.REDIS;
  }
}

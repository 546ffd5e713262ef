package io.orkestr.manifest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * PostgresAddOn is a managed PostgreSQL database; the primary one provides DATABASE_URL. Its app
 * role owns the database but is no superuser, unless superuser is set.
 */
public record PostgresAddOn(String name, String version, Optional<String> image, boolean primary, BackupSettings backups,
    Map<String, String> settings, boolean superuser, AddOnSleep sleep) implements AddOn {
  public PostgresAddOn {
    Objects.requireNonNull(name);
    Objects.requireNonNull(version);
    Objects.requireNonNull(image);
    Objects.requireNonNull(backups);
    settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    Objects.requireNonNull(sleep);
  }

  @Override
  public Engine engine() {
    return Engine.POSTGRES;
  }
}

package io.orkestr.manifest;

import java.util.Objects;
import java.util.Optional;

/** PostgresAddOn is a managed PostgreSQL database; the primary one provides DATABASE_URL. */
public record PostgresAddOn(String name, String version, Optional<String> image, boolean primary, boolean automaticBackups)
    implements AddOn {
  public PostgresAddOn {
    Objects.requireNonNull(name);
    Objects.requireNonNull(version);
    Objects.requireNonNull(image);
  }

  @Override
  public Engine engine() {
    return Engine.POSTGRES;
  }
}

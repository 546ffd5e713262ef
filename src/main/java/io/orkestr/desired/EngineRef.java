package io.orkestr.desired;

import java.util.Objects;

/** EngineRef says which engine and version an add-on container runs, for upgrade safety checks. */
public record EngineRef(String engine, String version, int major) {
  public EngineRef {
    Objects.requireNonNull(engine);
    Objects.requireNonNull(version);
  }

  public boolean isPostgres() {
    return engine.equals("postgres");
  }
}

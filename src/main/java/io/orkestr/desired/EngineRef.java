package io.orkestr.desired;

import java.util.Objects;

/** EngineRef says which engine and version an add-on container runs, for upgrade safety checks. */
public record EngineRef(String engine, String version, int major) {
  public EngineRef {
    Objects.requireNonNull(engine);
    Objects.requireNonNull(version);
  }

  /** Whether a data volume of this engine can only be opened by the major version that wrote it. */
  public boolean dataTiedToMajor() {
    return EngineProfile.of(engine).dataTiedToMajor();
  }
}

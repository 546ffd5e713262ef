package io.orkestr.desired;

import java.util.Objects;

/**
 * AddOnRuntime is what an add-on container has that an app's has not: the engine and version it
 * runs, and the probe that tells when it answers.
 */
public record AddOnRuntime(EngineRef engine, Probe readiness) {
  public AddOnRuntime {
    Objects.requireNonNull(engine);
    Objects.requireNonNull(readiness);
  }
}

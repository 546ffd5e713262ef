package io.orkestr.desired;

import java.util.List;
import java.util.Objects;

/**
 * AddOnRuntime is what an add-on container has that an app's has not: the engine and version it
 * runs; the probe that tells when it answers; its engine settings; what apps may do in it; the
 * files written into it before it starts; and the command that brings a running add-on to its
 * users, roles and live settings (idempotent). configureAfterStart: the command also runs after
 * each start on existing data, which the files written before a start do not reach (Postgres's
 * init script runs only when the data is new). applySettings: a lighter command that applies only
 * the live settings, for a change of nothing else. storage: how to measure its storage and, where
 * the engine has nothing of its own, switch apps' writes off over its plan's storage and on again
 * (absent in plans saved by an orkestr before it). sleep: how it may sleep when idle (its plan's
 * windows, or longer ones the manifest asks); empty: it is always awake.
 */
public record AddOnRuntime(EngineRef engine, Probe readiness, EngineSettings settings, Access access, List<ContainerFile> files,
    Probe configure, boolean configureAfterStart, Probe applySettings, java.util.Optional<EngineProfile.StorageCommands> storage,
    java.util.Optional<SleepSpec> sleep) {
  public AddOnRuntime {
    Objects.requireNonNull(engine);
    Objects.requireNonNull(readiness);
    Objects.requireNonNull(settings);
    Objects.requireNonNull(access);
    files = List.copyOf(files);
    Objects.requireNonNull(configure);
    Objects.requireNonNull(applySettings);
    Objects.requireNonNull(storage);
    Objects.requireNonNull(sleep);
  }

  /** Whether it may sleep: orkestr may leave it frozen or stopped while it is idle. */
  public boolean maySleep() {
    return sleep.isPresent();
  }

  /** Whether orkestr switches apps' writes off over the plan's storage (Postgres), rather than the engine itself (Redis). */
  public boolean hasReadOnlySwitch() {
    return storage.flatMap(EngineProfile.StorageCommands::readOnly).isPresent();
  }
}

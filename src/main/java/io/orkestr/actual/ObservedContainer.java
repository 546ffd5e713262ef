package io.orkestr.actual;

import io.orkestr.desired.EngineSettings;
import io.orkestr.desired.Labels;
import io.orkestr.desired.Limits;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ObservedContainer is a container as the list call reported it: state, health, image, labels and
 * networks (name to IP). Live limits are known only when inspected; otherwise the labels tell the
 * limits it was created with. What orkestr changed live (settings, access) and an add-on's storage
 * as last measured come from orkestr's own records.
 */
public record ObservedContainer(
    String id,
    String name,
    String image,
    ContainerState state,
    String health,
    Map<String, String> labels,
    Map<String, String> networks,
    Optional<Limits> inspectedLimits,
    long createdEpochSeconds,
    Optional<String> liveSettings,
    Optional<String> liveAccess,
    Optional<MeasuredStorage> storage,
    Optional<Sleep> sleep) implements Observed {

  public ObservedContainer {
    Objects.requireNonNull(id);
    Objects.requireNonNull(name);
    Objects.requireNonNull(image);
    Objects.requireNonNull(state);
    Objects.requireNonNull(health);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    networks = java.util.Collections.unmodifiableMap(new TreeMap<>(networks));
    Objects.requireNonNull(inspectedLimits);
    Objects.requireNonNull(liveSettings);
    Objects.requireNonNull(liveAccess);
    Objects.requireNonNull(storage);
    Objects.requireNonNull(sleep);
  }

  /** A container as listed: limits and settings as its labels say. */
  public ObservedContainer(String id, String name, String image, ContainerState state, String health, Map<String, String> labels,
      Map<String, String> networks, Optional<Limits> inspectedLimits, long createdEpochSeconds) {
    this(id, name, image, state, health, labels, networks, inspectedLimits, createdEpochSeconds, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /** An add-on's engine settings now: those orkestr applied live since, else those it was created with. */
  public java.util.SortedMap<String, String> settings() {
    return EngineSettings.parse(liveSettings.orElse(labels.getOrDefault(Labels.SETTINGS, "")));
  }

  /** What apps may do in an add-on now: as orkestr changed it live since, else as created; empty for add-ons made before access. */
  public Optional<String> access() {
    return liveAccess.or(() -> Optional.ofNullable(labels.get(Labels.ACCESS)));
  }

  public ObservedContainer withLive(Optional<String> settings, Optional<String> access) {
    return new ObservedContainer(id, name, image, state, health, labels, networks, inspectedLimits, createdEpochSeconds, settings, access,
        storage, sleep);
  }

  /** With its storage as last measured (see MeasuredStorage). */
  public ObservedContainer withStorage(Optional<MeasuredStorage> measured) {
    return new ObservedContainer(id, name, image, state, health, labels, networks, inspectedLimits, createdEpochSeconds, liveSettings,
        liveAccess, measured, sleep);
  }

  /** With its sleep as orkestr recorded it (see Sleep). */
  public ObservedContainer withSleep(Optional<Sleep> recorded) {
    return new ObservedContainer(id, name, image, state, health, labels, networks, inspectedLimits, createdEpochSeconds, liveSettings,
        liveAccess, storage, recorded);
  }

  /** As it is once woken: running, no longer asleep. */
  public ObservedContainer awake() {
    return new ObservedContainer(id, name, image, ContainerState.RUNNING, health, labels, networks, inspectedLimits, createdEpochSeconds,
        liveSettings, liveAccess, storage, Optional.empty());
  }

  /**
   * The sleep orkestr put it in, when Docker agrees that it sleeps: paused or exited (a frozen add-on
   * being stopped is paused for a moment under a record that says stopped). A record Docker
   * contradicts (running: started by hand or woken; removed) is not sleep.
   */
  public Optional<Sleep> asleep() {
    return sleep.filter(s -> s.isAsleep() && (state == ContainerState.PAUSED || state == ContainerState.EXITED));
  }

  /** The limits it has: inspected when known, else those it was created with. */
  public Limits limits() {
    return inspectedLimits.orElseGet(this::createdLimits);
  }

  public Limits createdLimits() {
    return new Limits(parse(labels.get(Labels.CPU)), parse(labels.get(Labels.MEMORY)));
  }

  public String configHash() {
    return labels.getOrDefault(Labels.CONFIG_HASH, "");
  }

  public ObservedContainer withInspectedLimits(Limits limits) {
    return new ObservedContainer(id, name, image, state, health, labels, networks, Optional.of(limits), createdEpochSeconds, liveSettings,
        liveAccess, storage, sleep);
  }

  private static long parse(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

package io.orkestr.actual;

import io.orkestr.desired.Labels;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** ObservedVolume is a managed data volume, and the disk it binds if it has one (read from the host, not the engine). */
public record ObservedVolume(String name, Map<String, String> labels, Optional<ObservedDisk> disk) implements Observed {
  public ObservedVolume {
    Objects.requireNonNull(name);
    Objects.requireNonNull(disk);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  public ObservedVolume(String name, Map<String, String> labels) {
    this(name, labels, Optional.empty());
  }

  /** Whether orkestr made it on a disk (its label says so, whatever the host shows now). */
  public boolean onDisk() {
    return "true".equals(labels.get(Labels.DISK));
  }

  public ObservedVolume withDisk(Optional<ObservedDisk> now) {
    return new ObservedVolume(name, labels, now);
  }

  @Override
  public String id() {
    return name;
  }

  /** The major version whose data the volume holds. */
  public Optional<Integer> dataMajor() {
    try {
      return Optional.ofNullable(labels.get(Labels.DATA_MAJOR)).map(Integer::parseInt);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

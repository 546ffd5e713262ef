package io.orkestr.actual;

import io.orkestr.desired.Labels;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** ObservedVolume is a managed data volume. */
public record ObservedVolume(String name, Map<String, String> labels) implements Observed {
  public ObservedVolume {
    Objects.requireNonNull(name);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
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

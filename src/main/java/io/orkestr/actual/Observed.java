package io.orkestr.actual;

import io.orkestr.desired.Labels;
import io.orkestr.desired.ResourceKey;
import java.util.Map;
import java.util.Optional;

/** Observed is a resource as Docker reported it. */
public sealed interface Observed permits ObservedContainer, ObservedNetwork, ObservedVolume {
  /** Docker's id (a volume's is its name). */
  String id();

  String name();

  Map<String, String> labels();

  default boolean isManaged() {
    return "true".equals(labels().get(Labels.MANAGED));
  }

  default Optional<ResourceKey> key() {
    String k = labels().get(Labels.KEY);
    try {
      return k == null ? Optional.empty() : Optional.of(ResourceKey.parse(k));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a label someone else wrote; not ours to interpret
    }
  }

  default String manifest() {
    return labels().getOrDefault(Labels.MANIFEST, "");
  }

  default String project() {
    return labels().getOrDefault(Labels.PROJECT, "");
  }
}

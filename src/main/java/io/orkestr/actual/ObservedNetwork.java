package io.orkestr.actual;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** ObservedNetwork is any network on the engine (all are listed, so their subnets are never reused). */
public record ObservedNetwork(String id, String name, boolean internal, List<String> subnets, Map<String, String> labels)
    implements Observed {
  public ObservedNetwork {
    Objects.requireNonNull(id);
    Objects.requireNonNull(name);
    subnets = List.copyOf(subnets);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }
}

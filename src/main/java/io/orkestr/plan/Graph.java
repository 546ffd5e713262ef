package io.orkestr.plan;

import io.orkestr.desired.ResourceKey;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Graph says which changes must succeed before each change may run. Acyclic by construction. */
public record Graph(Map<ResourceKey, Set<ResourceKey>> dependencies) {
  public Graph {
    Map<ResourceKey, Set<ResourceKey>> copy = new TreeMap<>();
    dependencies.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new TreeSet<>(v))));
    dependencies = Collections.unmodifiableMap(copy);
  }

  public Set<ResourceKey> nodes() {
    return dependencies.keySet();
  }

  public Set<ResourceKey> dependenciesOf(ResourceKey key) {
    return dependencies.getOrDefault(key, Set.of());
  }
}

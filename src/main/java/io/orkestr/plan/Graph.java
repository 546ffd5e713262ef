package io.orkestr.plan;

import io.orkestr.desired.ResourceKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

  /** Every node that depends on this one, directly or not. */
  public Set<ResourceKey> dependentsOf(ResourceKey key) {
    Set<ResourceKey> out = new TreeSet<>();
    List<ResourceKey> todo = new ArrayList<>(List.of(key));
    while (!todo.isEmpty()) {
      ResourceKey k = todo.remove(todo.size() - 1);
      dependencies.forEach((node, deps) -> {
        if (deps.contains(k) && out.add(node)) todo.add(node);
      });
    }
    return out;
  }

  /** The nodes in an order where each comes after its dependencies. */
  public List<ResourceKey> order() {
    List<ResourceKey> out = new ArrayList<>();
    Set<ResourceKey> done = new TreeSet<>();
    while (done.size() < dependencies.size()) {
      boolean progressed = false;
      for (Map.Entry<ResourceKey, Set<ResourceKey>> e : dependencies.entrySet()) {
        if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
          done.add(e.getKey());
          out.add(e.getKey());
          progressed = true;
        }
      }
      if (!progressed) throw new IllegalStateException("dependency cycle among " + dependencies.keySet());
    }
    return out;
  }
}

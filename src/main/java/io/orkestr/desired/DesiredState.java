package io.orkestr.desired;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** DesiredState is every resource a manifest wants, by key, for the manifest that owns them. */
public record DesiredState(String manifest, SortedMap<ResourceKey, Resource> resources) {
  public DesiredState {
    resources = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(resources));
  }

  public static DesiredState of(String manifest, Collection<? extends Resource> resources) {
    SortedMap<ResourceKey, Resource> map = new TreeMap<>();
    for (Resource r : resources) {
      if (map.put(r.key(), r) != null) throw new IllegalArgumentException("duplicate resource " + r.key());
    }
    return new DesiredState(manifest, map);
  }

  public Optional<Resource> get(ResourceKey key) {
    return Optional.ofNullable(resources.get(key));
  }

  public List<ContainerSpec> containers() {
    return resources.values().stream().filter(ContainerSpec.class::isInstance).map(ContainerSpec.class::cast).toList();
  }

  /** The projects this manifest declares, including those with no resources of a kind. */
  public java.util.Set<String> projects() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (Map.Entry<ResourceKey, Resource> e : resources.entrySet()) {
      if (!e.getKey().project().isEmpty()) out.add(e.getKey().project());
    }
    return out;
  }
}

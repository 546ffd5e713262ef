package io.orkestr.actual;

import io.orkestr.desired.ConfigHash;
import io.orkestr.desired.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * ActualState is what the engine runs: every managed container and volume (of any manifest) and
 * every network (managed or not, for the subnets in use), as of one read.
 */
public record ActualState(List<ObservedContainer> containers, List<ObservedNetwork> networks, List<ObservedVolume> volumes) {
  public static final ActualState EMPTY = new ActualState(List.of(), List.of(), List.of());

  public ActualState {
    containers = List.copyOf(containers);
    networks = List.copyOf(networks);
    volumes = List.copyOf(volumes);
  }

  /** Everything the named manifest owns, by key; a key can hold duplicates left by an interrupted apply. */
  public Map<ResourceKey, List<Observed>> ownedBy(String manifest) {
    Map<ResourceKey, List<Observed>> out = new TreeMap<>();
    all().filter(o -> o.isManaged() && o.manifest().equals(manifest) && o.key().isPresent())
        .sorted(Comparator.comparing(Observed::id))
        .forEach(o -> out.computeIfAbsent(o.key().get(), k -> new ArrayList<>()).add(o));
    return out;
  }

  /** Projects of other manifests: project name to the manifest that owns it. */
  public Map<String, String> projectsOfOtherManifests(String manifest) {
    Map<String, String> out = new TreeMap<>();
    all().filter(o -> o.isManaged() && !o.manifest().equals(manifest) && !o.project().isEmpty())
        .forEach(o -> out.putIfAbsent(o.project(), o.manifest()));
    return out;
  }

  /** Every subnet any network on the engine uses, in CIDR notation. */
  public Set<String> usedSubnets() {
    Set<String> out = new TreeSet<>();
    networks.forEach(n -> out.addAll(n.subnets()));
    return out;
  }

  /**
   * A digest of what the manifest owns (ids, states, labels, limits), stored in a plan so that apply
   * can refuse a saved plan whose world has changed. Health and timestamps are left out: they move by themselves.
   */
  public String fingerprint(String manifest) {
    StringBuilder sb = new StringBuilder();
    ownedBy(manifest).forEach((key, list) -> {
      for (Observed o : list) {
        sb.append(key).append(' ').append(o.id()).append(' ').append(o.labels());
        if (o instanceof ObservedContainer c) sb.append(' ').append(c.state()).append(' ').append(c.limits()).append(' ').append(c.networks().keySet());
        sb.append('\n');
      }
    });
    return ConfigHash.sha(sb.toString()).substring(0, 16);
  }

  private Stream<Observed> all() {
    return Stream.of(containers.stream(), networks.stream(), volumes.stream()).flatMap(s -> s.map(o -> (Observed) o));
  }
}

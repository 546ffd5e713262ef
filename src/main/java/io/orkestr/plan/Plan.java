package io.orkestr.plan;

import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeMount;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plan describes the changes apply would make to match the manifest, sorted by key, and the
 * fingerprint of the actual state it was made from (apply refuses a saved plan whose state moved).
 * Notes tell what stays on purpose (kept data volumes); pending changes wait for `orkestr deploy`.
 */
public record Plan(String manifest, String fingerprint, List<PlannedChange> changes, List<String> notes) {
  public Plan {
    Objects.requireNonNull(manifest);
    Objects.requireNonNull(fingerprint);
    changes = changes.stream().sorted(Comparator.comparing(PlannedChange::key)).toList();
    notes = List.copyOf(notes);
  }

  public boolean hasChanges() {
    return changes.stream().anyMatch(PlannedChange::isChange);
  }

  public List<PlannedChange> pending() {
    return changes.stream().filter(PlannedChange::isPending).toList();
  }

  /** The same plan with one more note at the end (same changes, same state it was made from). */
  public Plan withNote(String note) {
    List<String> more = new java.util.ArrayList<>(notes);
    more.add(note);
    return new Plan(manifest, fingerprint, changes, more);
  }

  /**
   * This plan cut down to the given keys and everything they depend on (an app's add-ons and
   * networks), for `orkestr deploy --app`.
   */
  public Plan only(java.util.Set<ResourceKey> keys) {
    Graph graph = graph();
    java.util.Set<ResourceKey> keep = new java.util.TreeSet<>();
    List<ResourceKey> todo = new java.util.ArrayList<>(keys);
    while (!todo.isEmpty()) {
      ResourceKey k = todo.remove(todo.size() - 1);
      if (keep.add(k)) todo.addAll(graph.dependenciesOf(k));
    }
    return new Plan(manifest, fingerprint, changes.stream().filter(c -> keep.contains(c.key())).toList(), List.of());
  }

  public List<PlannedChange> refusals() {
    return changes.stream().filter(c -> c.refusal().isPresent()).toList();
  }

  public Optional<PlannedChange> change(ResourceKey key) {
    return changes.stream().filter(c -> c.key().equals(key)).findFirst();
  }

  public Summary summary() {
    int add = 0;
    int change = 0;
    int destroy = 0;
    for (PlannedChange c : changes) {
      switch (c.action()) {
        case CREATE: add++; break;
        case UPDATE: change++; break;
        case REPLACE: add++; destroy++; break;
        case DELETE: destroy++; break;
        default: break;
      }
    }
    return new Summary(add, change, destroy);
  }

  /**
   * Which changes must succeed before each may run: networks and volumes before the containers on
   * them, add-ons before the apps that use them; deletes in reverse (containers before their
   * networks, apps before the add-ons they used).
   */
  public Graph graph() {
    Map<ResourceKey, PlannedChange> byKey = new TreeMap<>();
    for (PlannedChange c : changes) if (c.isChange()) byKey.put(c.key(), c);
    Map<ResourceKey, Set<ResourceKey>> deps = new TreeMap<>();
    for (PlannedChange c : byKey.values()) {
      Set<ResourceKey> d = new TreeSet<>();
      if (c.action() != Action.DELETE && c.after().isPresent() && c.after().get() instanceof ContainerSpec s) {
        for (NetworkAttachment n : s.networks()) d.add(n.network());
        for (VolumeMount m : s.mounts()) d.add(m.volume());
        d.addAll(s.uses());
      }
      if (c.action() == Action.DELETE) d.addAll(deleteAfter(c, byKey));
      // Only changes in this plan order each other, and nothing being created waits for a delete.
      d.removeIf(k -> !byKey.containsKey(k) || k.equals(c.key())
          || (c.action() != Action.DELETE && byKey.get(k).action() == Action.DELETE));
      deps.put(c.key(), d);
    }
    return new Graph(deps);
  }

  private static Set<ResourceKey> deleteAfter(PlannedChange c, Map<ResourceKey, PlannedChange> byKey) {
    Set<ResourceKey> d = new TreeSet<>();
    String name = c.before().isEmpty() ? "" : c.before().get(0).name();
    for (PlannedChange other : byKey.values()) {
      if (!other.key().kind().isContainer()) continue;
      switch (c.key().kind()) {
        case NETWORK:
        case GROUP:
          if (attachedTo(other.before(), name)) d.add(other.key());
          break;
        case VOLUME:
          if (other.key().owner().equals(c.key().owner()) && other.key().name().equals(c.key().name())) d.add(other.key());
          break;
        case ADDON:
          if (other.key().kind() == ResourceKey.Kind.APP && other.key().owner().equals(c.key().owner())) d.add(other.key());
          break;
        default:
          break;
      }
    }
    return d;
  }

  private static boolean attachedTo(List<Observed> before, String network) {
    return before.stream().anyMatch(o -> o instanceof ObservedContainer oc && oc.networks().containsKey(network));
  }
}

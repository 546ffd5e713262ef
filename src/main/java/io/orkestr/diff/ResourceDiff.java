package io.orkestr.diff;

import io.orkestr.actual.Observed;
import io.orkestr.desired.Resource;
import io.orkestr.desired.ResourceKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * ResourceDiff compares one key's desired resource with what Docker has under that key. Observed
 * resources come first the one to keep, then duplicates an interrupted apply may have left.
 */
public record ResourceDiff(ResourceKey key, Optional<Resource> desired, List<Observed> observed, List<FieldChange> changes) {
  public ResourceDiff {
    Objects.requireNonNull(key);
    Objects.requireNonNull(desired);
    observed = List.copyOf(observed);
    changes = List.copyOf(changes);
  }

  public boolean isMissing() {
    return desired.isPresent() && observed.isEmpty();
  }

  public boolean isUnwanted() {
    return desired.isEmpty() && !observed.isEmpty();
  }

  public boolean matches() {
    return desired.isPresent() && !observed.isEmpty() && changes.isEmpty();
  }

  public boolean has(Field field) {
    return changes.stream().anyMatch(c -> c.field() == field);
  }

  public boolean allLive() {
    return changes.stream().allMatch(c -> c.field().isLive());
  }
}

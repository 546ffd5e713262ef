package io.orkestr.plan;

import io.orkestr.actual.Observed;
import io.orkestr.desired.Resource;
import io.orkestr.desired.ResourceKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * PlannedChange is what apply will do to one key: the action, why, the resource it should become
 * (absent for a delete) and what Docker has now under that key (the first is kept, the rest are
 * duplicates to remove). A refusal means apply will not run this plan at all. A no-op with
 * reasons is pending: an app with redeploy: manual whose new variables wait for `orkestr deploy`.
 */
public record PlannedChange(
    ResourceKey key,
    Action action,
    List<Reason> reasons,
    Optional<Resource> after,
    List<Observed> before,
    Optional<String> refusal,
    Optional<MajorUpgrade> upgrade) {

  public PlannedChange(ResourceKey key, Action action, List<Reason> reasons, Optional<Resource> after, List<Observed> before,
      Optional<String> refusal) {
    this(key, action, reasons, after, before, refusal, Optional.empty());
  }

  public PlannedChange {
    Objects.requireNonNull(key);
    Objects.requireNonNull(action);
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(after);
    before = List.copyOf(before);
    Objects.requireNonNull(refusal);
    Objects.requireNonNull(upgrade);
  }

  public boolean isChange() {
    return action != Action.NO_OP;
  }

  /** A change held back until `orkestr deploy` (redeploy: manual). */
  public boolean isPending() {
    return action == Action.NO_OP && !reasons.isEmpty();
  }
}

package io.orkestr.apply;

import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.ContainerSpec;

/**
 * Sleepers is what apply needs from idle sleep: a change to an add-on orkestr put to sleep (frozen
 * or stopped) first wakes it, and one that removes its container first takes away what kept its
 * place while it slept (the diversion of its connections, the placeholder holding its address).
 */
public interface Sleepers {
  /** Wakes a sleeping add-on, its diversion and placeholder gone, and returns once it answers; says what it did. */
  String wake(ContainerSpec spec, ObservedContainer asleep);

  /** Before a sleeping add-on's container is removed: what kept its place goes. */
  void forget(ObservedContainer asleep);

  /**
   * Brings an add-on orkestr put to sleep up for orkestr's own work (a backup, a restore) without
   * waking it for its clients, and returns once it answers; the returned action puts it back to sleep
   * as it was, unless a client woke it meanwhile. An awake one is kept awake until the action runs.
   * Empty when it is neither awake nor put to sleep by orkestr.
   */
  default java.util.Optional<Runnable> upForWork(ContainerSpec spec, ObservedContainer container) {
    return java.util.Optional.empty();
  }

  /** Where nothing sleeps: a paused container is unpaused, a stopped one started, as any other. */
  Sleepers NONE = new Sleepers() {
    @Override
    public String wake(ContainerSpec spec, ObservedContainer asleep) {
      throw new StepFailure(spec.key() + " is asleep, and this orkestr cannot wake it");
    }

    @Override
    public void forget(ObservedContainer asleep) {}
  };
}

package io.orkestr.service;

import io.orkestr.plan.Plan;

/** ApplyHooks let the caller show the plan, approve it, and hear that the apply waits for another one. */
public interface ApplyHooks {
  ApplyHooks AUTO_APPROVE = new ApplyHooks() {};

  /** Called with the plan as soon as it is made, before any check or change. */
  default void planned(Plan plan) {}

  /** Called only for a plan with changes that apply may make; false cancels with nothing changed. */
  default boolean approve(Plan plan) {
    return true;
  }

  default void waitingForLock() {}

  /**
   * Whether to measure the add-ons' storage after the apply and switch those over their plan's limit
   * to read-only (a query in every Postgres add-on): the CLI always does; the daemon every few minutes.
   */
  default boolean checkStorage() {
    return true;
  }

  /** False: if another apply holds the manifest's lock, fail at once (LockBusyError) instead of waiting (the HTTP API's 409). */
  default boolean waitForLock() {
    return true;
  }
}

package io.orkestr.apply;

import io.orkestr.desired.ResourceKey;
import io.orkestr.plan.Action;

/** ApplyListener hears about progress as it happens (the CLI prints it; the daemon logs it). */
public interface ApplyListener {
  ApplyListener SILENT = new ApplyListener() {};

  default void started(ResourceKey key, Action action) {}

  default void progress(ResourceKey key, String message) {}

  default void finished(StepResult result) {}
}

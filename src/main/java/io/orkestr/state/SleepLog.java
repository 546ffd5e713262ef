package io.orkestr.state;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SleepLog remembers, by add-on container, which add-ons orkestr put to sleep (frozen or stopped,
 * since when) and, for awake ones on a plan that sleeps, when an app last used them and which
 * client: what Docker cannot tell (a paused container is not asleep unless orkestr froze it), and
 * what status shows in any process, not only the control plane's.
 */
public interface SleepLog {
  Map<String, Entry> entries();

  /** Adds or replaces entries, by container id. */
  void putAll(Map<String, Entry> entries);

  void remove(String containerId);

  /** Forgets containers that no longer exist. */
  void retain(Set<String> existingIds);

  /** No record: where nothing sleeps (tests of other things). */
  final class None implements SleepLog {
    @Override
    public Map<String, Entry> entries() {
      return Map.of();
    }

    @Override
    public void putAll(Map<String, Entry> entries) {}

    @Override
    public void remove(String containerId) {}

    @Override
    public void retain(Set<String> existingIds) {}
  }

  /** stage: "awake", "frozen" or "stopped"; times in epoch milliseconds. */
  record Entry(String addon, String stage, long sinceMillis, Optional<Long> lastActivityMillis, Optional<String> holder) {
    public Entry {
      java.util.Objects.requireNonNull(addon);
      java.util.Objects.requireNonNull(stage);
      java.util.Objects.requireNonNull(lastActivityMillis);
      java.util.Objects.requireNonNull(holder);
    }
  }
}

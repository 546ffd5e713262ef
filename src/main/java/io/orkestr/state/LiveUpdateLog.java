package io.orkestr.state;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * LiveUpdateLog remembers what orkestr changed live on running containers, which their labels
 * (fixed at creation) no longer tell: the containers whose limits it updated (an inspect tells
 * their real limits), the engine settings it applied (no call tells them cheaply), and each
 * add-on's storage as last measured, with whether orkestr made it read-only (a query in the engine
 * tells it, which a plan does not run). So a plan stays at a few calls.
 */
public interface LiveUpdateLog {
  /** Containers whose limits were changed live. */
  Set<String> containerIds();

  /** Access and engine settings applied live, by container id. */
  Map<String, Engine> settings();

  /**
   * Adds containers whose limits changed and settings applied live (replacing a container's earlier
   * settings), and forgets any recorded container that no longer exists.
   */
  void record(Collection<String> limitsChanged, Map<String, Engine> settingsApplied, Set<String> stillExisting);

  /** Each add-on's storage as last measured, by container id. */
  Map<String, Measured> storage();

  /** Adds (or replaces) measurements, by container id; containers gone are forgotten at the next record. */
  void recordStorage(Map<String, Measured> measured);

  /** An add-on's storage as measured at a time: bytes used, and whether it was read-only for apps. */
  record Measured(long usedBytes, boolean readOnly, long epochSeconds) {}

  /** What orkestr applied live to an add-on's engine: access ("restricted") and settings in the label's form ("k=v,..."). */
  record Engine(String access, String settings) {
    public Engine {
      java.util.Objects.requireNonNull(access);
      java.util.Objects.requireNonNull(settings);
    }
  }
}

package io.orkestr.state;

import java.util.Collection;
import java.util.Set;

/**
 * LiveUpdateLog remembers the containers whose limits orkestr changed live. Docker's list call
 * shows labels, which keep the limits a container was created with; only these containers need
 * an inspect to learn their real limits, so a plan stays at a few calls.
 */
public interface LiveUpdateLog {
  Set<String> containerIds();

  /** Adds ids and forgets any recorded container that no longer exists. */
  void record(Collection<String> ids, Set<String> stillExisting);
}

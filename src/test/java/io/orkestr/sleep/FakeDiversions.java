package io.orkestr.sleep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** FakeDiversions keeps diversions in a list: a host where add-ons can sleep, for unit tests of the core. */
public final class FakeDiversions implements Diversions {
  public final List<Diversion> made = new ArrayList<>();

  @Override
  public Optional<String> unavailable() {
    return Optional.empty();
  }

  @Override
  public synchronized void divert(Diversion d) {
    if (!made.contains(d)) made.add(d);
  }

  @Override
  public synchronized void restore(Diversion d) {
    made.remove(d);
  }

  @Override
  public synchronized List<Diversion> list() {
    return List.copyOf(made);
  }
}

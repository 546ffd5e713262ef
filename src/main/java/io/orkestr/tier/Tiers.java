package io.orkestr.tier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tiers is the table of plans in force, in the order the plans file lists them, and where it came from. */
public final class Tiers {
  private final String source;
  private final Map<String, Tier> byName;

  public Tiers(String source, List<Tier> tiers) {
    this.source = source;
    Map<String, Tier> map = new LinkedHashMap<>();
    for (Tier t : tiers) map.put(t.name(), t);
    this.byName = java.util.Collections.unmodifiableMap(map);
  }

  /** "built-in" or the plans file's path. */
  public String source() {
    return source;
  }

  public Optional<Tier> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Tier get(String name) {
    Tier t = byName.get(name);
    if (t == null) throw new IllegalArgumentException("unknown plan " + name);
    return t;
  }

  public List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  public List<Tier> all() {
    return new ArrayList<>(byName.values());
  }
}

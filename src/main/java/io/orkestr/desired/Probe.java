package io.orkestr.desired;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Probe is a command run inside a container (docker exec) that exits 0 once the service answers:
 * Postgres accepts a query, Redis answers PING. Its environment may hold placeholders.
 */
public record Probe(List<String> command, Map<String, String> env) {
  public Probe {
    command = List.copyOf(command);
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
  }
}

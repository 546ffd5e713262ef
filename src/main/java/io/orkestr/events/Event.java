package io.orkestr.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Event is one thing the control plane did or saw ("reconcile.finished", "drift.found"), with an id
 * that only grows, so a client that read up to id N can ask for what came after. Data holds plain
 * values (strings, numbers, booleans, lists and maps of them) and never a secret.
 */
public record Event(long id, Instant time, String type, Map<String, Object> data) {
  public Event {
    Objects.requireNonNull(time);
    Objects.requireNonNull(type);
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }
}

package io.orkestr.events;

import java.util.List;

/** EventLog keeps the last events where a restart finds them again. */
public interface EventLog {
  /** Appends one event; a failure to write is the caller's to report, never to stop the loop. */
  void append(Event event);

  /** The last {@code max} events, oldest first. */
  List<Event> recent(int max);
}

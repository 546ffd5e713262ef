package io.orkestr.control;

import io.orkestr.events.Event;
import io.orkestr.events.EventLog;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventJournal numbers events, keeps the latest in memory for clients that reconnect, appends them to
 * the event log and tells subscribers. Ids continue from the log after a restart. Subscribing with the
 * last id a client saw replays what came after it and then streams, with nothing lost or repeated in
 * between: both happen under the same lock as publishing.
 */
public final class EventJournal {
  private static final Logger log = LoggerFactory.getLogger(EventJournal.class);
  /** Events kept in memory; older ones are only in the log file. */
  static final int KEPT = 10_000;

  private final EventLog file;
  private final Clock clock;
  private final Deque<Event> kept = new ArrayDeque<>();
  private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
  private long lastId;

  public EventJournal(EventLog file, Clock clock) {
    this.file = file;
    this.clock = clock;
    for (Event e : file.recent(KEPT)) {
      kept.addLast(e);
      lastId = Math.max(lastId, e.id());
    }
  }

  /** Records an event and tells every subscriber; returns it with its id. */
  public synchronized Event publish(String type, Map<String, Object> data) {
    Event e = new Event(++lastId, clock.instant(), type, data);
    kept.addLast(e);
    if (kept.size() > KEPT) kept.removeFirst();
    try {
      file.append(e);
    } catch (RuntimeException ex) {
      log.warn("cannot keep event {} in the event log: {}", e.id(), ex.getMessage());
    }
    for (Consumer<Event> s : subscribers) s.accept(e);
    return e;
  }

  /** The events after {@code afterId} still kept, then every new one, until the returned handle is closed. */
  public synchronized AutoCloseable subscribe(long afterId, Consumer<Event> subscriber) {
    for (Event e : kept) if (e.id() > afterId) subscriber.accept(e);
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** The events after {@code afterId} still kept, oldest first. */
  public synchronized List<Event> since(long afterId) {
    List<Event> out = new ArrayList<>();
    for (Event e : kept) if (e.id() > afterId) out.add(e);
    return out;
  }

  public synchronized long lastId() {
    return lastId;
  }
}

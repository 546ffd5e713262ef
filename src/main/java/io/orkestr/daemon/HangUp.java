package io.orkestr.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * HangUp tells a command the daemon runs that its client is gone (closed, killed) or was interrupted
 * (Ctrl-C): the daemon's Ctrl-C. Handlers run once, each on a thread of its own, never on the event loop.
 */
public final class HangUp {
  private final List<Runnable> handlers = new ArrayList<>();
  private boolean fired;

  /** Registration of a handler; close() removes it. */
  public interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  /** Registers a handler; closing the result removes it. A handler registered after the hang-up runs at once. */
  public synchronized Handle onHangUp(Runnable handler) {
    if (fired) {
      start(handler);
    } else {
      handlers.add(handler);
    }
    return () -> {
      synchronized (this) {
        handlers.remove(handler);
      }
    };
  }

  /** The client is gone or interrupted: run the handlers. Later calls do nothing. */
  void fire() {
    List<Runnable> now;
    synchronized (this) {
      if (fired) return;
      fired = true;
      now = List.copyOf(handlers);
    }
    now.forEach(HangUp::start);
  }

  private static void start(Runnable handler) {
    Thread t = new Thread(handler, "orkestr-hangup");
    t.setDaemon(true);
    t.start();
  }
}

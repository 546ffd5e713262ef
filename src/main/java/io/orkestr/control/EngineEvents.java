package io.orkestr.control;

import io.orkestr.desired.Labels;
import io.orkestr.docker.DockerEvent;
import io.orkestr.docker.DockerPort;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EngineEvents subscribes to the engine's event stream for what orkestr owns and wakes the loop: a
 * container of the watched manifest died, stopped or was removed, or an orkestr network was removed.
 * Events are only hints: the loop plans from scratch. When the stream ends (the engine restarted) it
 * subscribes again with backoff and asks for a reconcile, since events may have been missed.
 */
public final class EngineEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineEvents.class);

  private final DockerPort docker;
  private final Supplier<String> manifest;
  private final Consumer<String> onEvent;
  private final Consumer<String> onResubscribed;
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orkestr-engine-events");
    t.setDaemon(true);
    return t;
  });
  private volatile AutoCloseable stream;
  private volatile boolean closed;
  private int failures;

  /** {@code manifest} names the watched manifest now (it may be renamed by an edit). */
  public EngineEvents(DockerPort docker, Supplier<String> manifest, Consumer<String> onEvent, Consumer<String> onResubscribed) {
    this.docker = docker;
    this.manifest = manifest;
    this.onEvent = onEvent;
    this.onResubscribed = onResubscribed;
  }

  public void start() {
    thread.execute(() -> subscribe(false));
  }

  private void subscribe(boolean again) {
    if (closed) return;
    try {
      stream = docker.events(Labels.MANAGED, this::seen, this::ended);
      if (again) {
        log.info("engine events: subscribed again");
        onResubscribed.accept("engine events resumed");
      }
      failures = 0;
    } catch (RuntimeException e) {
      retry(e.getMessage());
    }
  }

  private void seen(DockerEvent e) {
    if (e.type().equals("container")) {
      String owner = e.attributes().get(Labels.MANIFEST);
      if (owner == null || !owner.equals(manifest.get()) || e.attributes().containsKey("orkestr.backup-work")) return;
      onEvent.accept("engine: container " + e.attributes().getOrDefault("name", e.id()) + " " + e.action());
    } else {
      onEvent.accept("engine: network " + e.attributes().getOrDefault("name", e.id()) + " " + e.action());
    }
  }

  private void ended(Throwable cause) {
    if (closed) return;
    retry(cause == null ? "the stream ended" : cause.toString());
  }

  private void retry(String why) {
    if (closed) return;
    Duration wait = backoff.after(++failures);
    log.warn("engine events: {}; subscribing again in {}s", why, wait.toSeconds());
    thread.schedule(() -> subscribe(true), wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    AutoCloseable s = stream;
    if (s != null) {
      try {
        s.close();
      } catch (Exception e) {
        log.debug("closing the event stream: {}", e.toString());
      }
    }
  }
}

package io.orkestr.control;

import io.orkestr.backup.Freshness;
import io.orkestr.manifest.Manifest;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OffsiteCopies makes sure every backup of the watched manifest lands off-site. A pass copies the
 * backups still waiting for their copy (a store that was down when they were taken, a backup made by
 * the CLI or an apply) and updates the metrics; after a pass with a failure the next one comes with
 * backoff (2 s doubling to 5 min), after a clean one in 5 minutes, and at once when kicked (a
 * backup was taken). Each failure is an event with the store's one-line reason, once per backup
 * and reason; a copy that lands after failing is an event too.
 */
public final class OffsiteCopies implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OffsiteCopies.class);
  static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
  static final Duration CLEAN = Duration.ofMinutes(5);

  private final OrkestrService service;
  private final Path file;
  private final EventJournal events;
  private final ControlMetrics metrics;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orkestr-offsite-copies");
    t.setDaemon(true);
    return t;
  });
  /** The reason each backup's copy last failed ("shop/db id" -> reason): a failure is reported once per reason. */
  private final Map<String, String> failed = new HashMap<>();
  /** Add-ons whose copies failed in the last pass: a copy of theirs that lands is reported. */
  private final Set<String> troubled = new HashSet<>();
  private int failures;
  private ScheduledFuture<?> next;
  private boolean checked;

  public OffsiteCopies(OrkestrService service, Path file, EventJournal events, ControlMetrics metrics) {
    this.service = service;
    this.file = file;
    this.events = events;
    this.metrics = metrics;
  }

  public void start() {
    kick();
  }

  /** A pass soon (a backup was just taken, the manifest changed). */
  public synchronized void kick() {
    schedule(Duration.ZERO);
  }

  private synchronized void schedule(Duration in) {
    if (timer.isShutdown()) return;
    if (next != null && next.getDelay(TimeUnit.MILLISECONDS) <= in.toMillis()) return;
    if (next != null) next.cancel(false);
    next = timer.schedule(this::pass, in.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pass() {
    synchronized (this) {
      next = null;
    }
    boolean clean = true;
    try {
      Manifest m = service.validate(ManifestFile.read(file));
      if (m.offsite().isEmpty()) {
        metrics.offsite(Map.of(), 0);
        return;
      }
      if (!checked) {
        // At start, one clear line for a store that is not there or refuses the credentials, not a failure at 03:00.
        checked = true;
        service.backups().checkOffsite(m).ifPresent(why -> {
          log.warn("{}", why);
          events.publish("backup.offsite_failed", Map.of("store", m.offsite().get().url(), "error", why));
        });
      }
      Set<String> failing = new HashSet<>();
      for (var o : service.backups().copyPending(m)) {
        String key = o.addon() + " " + o.id();
        if (o.failure().isPresent()) {
          failing.add(o.addon());
          String why = o.failure().get();
          if (!why.equals(failed.put(key, why))) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("addon", o.addon());
            if (!o.id().isEmpty()) d.put("id", o.id());
            d.put("store", m.offsite().get().url());
            d.put("error", why);
            events.publish("backup.offsite_failed", d);
            log.warn("off-site copy of {}{} failed: {}", o.addon(), o.id().isEmpty() ? "" : " backup " + o.id(), why);
          }
        } else if (failed.remove(key) != null || troubled.contains(o.addon())) {
          events.publish("backup.offsite_copied", Map.of("addon", o.addon(), "id", o.id(), "store", m.offsite().get().url()));
          log.info("off-site copy of {} backup {} landed after failing", o.addon(), o.id());
        }
      }
      troubled.retainAll(failing);
      troubled.addAll(failing);
      Map<String, Optional<java.time.Instant>> last = new LinkedHashMap<>();
      int pending = 0;
      for (Freshness f : service.backups().freshness(m)) {
        if (f.offsite().isEmpty()) continue;
        last.put(f.addon().owner() + "/" + f.addon().name(), f.offsite().get().lastCopy());
        pending += f.offsite().get().pending();
      }
      metrics.offsite(last, pending);
      if (pending > 0) clean = false;
      // A backup whose copy landed some other way (a CLI retry, deleted) is no longer reported.
      if (clean) failed.clear();
    } catch (RuntimeException e) {
      clean = false;
      log.warn("copying backups off-site: {}", e.getMessage());
    }
    synchronized (this) {
      failures = clean ? 0 : failures + 1;
      schedule(clean ? CLEAN : BACKOFF.after(failures));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

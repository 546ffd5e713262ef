package io.orkestr.control;

import io.orkestr.backup.BackupRecord;
import io.orkestr.backup.BackupScheduler;
import io.orkestr.backup.Freshness;
import io.orkestr.manifest.Manifest;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BackupSchedule keeps the automatic backups of the watched manifest scheduled on Quartz. The loop
 * hands it each valid manifest it reads: a changed schedule is reloaded (an add-on whose automatic
 * backups were turned off, or that is gone, is unscheduled); an invalid edit never reaches it, so the
 * schedule stays as it was. Every minute it renews its word that it schedules them (status reads it),
 * updates the last-success metric and reports an add-on whose backups became overdue. Each backup
 * reads the manifest anew and calls the same service method as the CLI, on a Quartz thread.
 */
public final class BackupSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

  private final OrkestrService service;
  private final Path file;
  private final EventJournal events;
  private final ControlMetrics metrics;
  private final BackupScheduler scheduler;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orkestr-backup-schedule");
    t.setDaemon(true);
    return t;
  });
  private List<BackupScheduler.Scheduled> loaded;
  private Optional<Manifest> current = Optional.empty();
  private final Set<String> overdue = new HashSet<>();
  private final Runnable taken;

  /** taken: told after each automatic backup (its off-site copy is checked then). */
  public BackupSchedule(OrkestrService service, Path file, Clock clock, EventJournal events, ControlMetrics metrics, Runnable taken) {
    this.taken = taken;
    this.service = service;
    this.file = file;
    this.events = events;
    this.metrics = metrics;
    this.scheduler = new BackupScheduler(this::backUp, clock);
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::renew, 60, 60, TimeUnit.SECONDS);
  }

  /** The manifest as the loop last read it, valid. */
  public synchronized void manifest(Manifest m) {
    try {
      List<BackupScheduler.Scheduled> wanted = service.backups().schedules(m);
      boolean first = current.isEmpty();
      current = Optional.of(m);
      if (!wanted.equals(loaded)) {
        scheduler.reload(wanted);
        loaded = wanted;
        renew();
      } else if (first) {
        renew();
      }
    } catch (RuntimeException e) {
      log.warn("reloading the backup schedule of {}: {}", file, e.toString());
    }
  }

  private synchronized void renew() {
    current.ifPresent(m -> {
      try {
        service.backups().recordSchedule(m, scheduler.scheduled());
        List<Freshness> all = service.backups().freshness(m);
        Map<String, Optional<java.time.Instant>> last = new LinkedHashMap<>();
        for (Freshness f : all) {
          String addon = f.addon().owner() + "/" + f.addon().name();
          last.put(addon, f.lastSuccess());
          if (f.overdue() && overdue.add(addon)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("addon", addon);
            d.put("schedule", f.schedule());
            d.put("last_success", f.lastSuccess().map(Object::toString).orElse(null));
            events.publish("backup.overdue", d);
          } else if (!f.overdue()) {
            overdue.remove(addon);
          }
        }
        metrics.lastBackups(last);
      } catch (RuntimeException e) {
        log.warn("recording the backup schedule: {}", e.getMessage());
      }
    });
  }

  private void backUp(String addon) {
    Manifest m = service.validate(ManifestFile.read(file));
    log.info("automatic backup of {} started", addon);
    events.publish("backup.started", Map.of("addon", addon, "kind", "automatic"));
    BackupRecord r;
    try {
      r = service.backups().automatic(m, addon);
    } catch (RuntimeException e) {
      events.publish("backup.failed", Map.of("addon", addon, "kind", "automatic", "error", String.valueOf(e.getMessage())));
      throw e;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("addon", addon);
    d.put("kind", "automatic");
    d.put("id", r.id());
    if (r.succeeded()) {
      log.info("automatic backup {} of {} taken: {} bytes{}", r.id(), addon, r.sizeBytes(),
          r.verification().map(v -> v.passed() ? ", verified" : ", verification failed: " + v.failure().orElse("")).orElse(""));
      d.put("size_bytes", r.sizeBytes());
      r.verification().ifPresent(v -> d.put("verified", v.passed()));
      events.publish("backup.finished", d);
    } else {
      log.warn("automatic backup {} of {} failed: {}", r.id(), addon, r.failure().orElse(""));
      d.put("error", r.failure().orElse(""));
      events.publish("backup.failed", d);
    }
    renew();
    taken.run();
  }

  /** Stops scheduling; a backup in progress finishes first. */
  @Override
  public void close() {
    timer.shutdownNow();
    scheduler.close();
  }
}

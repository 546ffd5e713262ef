package io.orkestr.daemon;

import io.orkestr.backup.BackupRecord;
import io.orkestr.backup.BackupScheduler;
import io.orkestr.error.UserError;
import io.orkestr.manifest.Manifest;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BackupSchedule keeps the automatic backups of the manifest {@code orkestr serve -f} watches
 * scheduled: it reloads the schedule when the file changes (an add-on whose automatic backups were
 * turned off, or that is gone, is unscheduled), leaves it as it was when the file is invalid, and
 * renews every minute its word that it schedules them, which status reads. Each backup reads the
 * manifest anew and calls the same service method as the CLI, on a Quartz thread.
 */
public final class BackupSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

  private final OrkestrService service;
  private final Path file;
  private final BackupScheduler scheduler;
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orkestr-backup-schedule");
    t.setDaemon(true);
    return t;
  });
  private String seen = "";
  private Optional<Manifest> current = Optional.empty();

  public BackupSchedule(OrkestrService service, Path file, Clock clock) {
    this.service = service;
    this.file = file;
    this.scheduler = new BackupScheduler(this::backUp, clock);
  }

  public void start() {
    reloadIfChanged();
    watch.scheduleWithFixedDelay(this::reloadIfChanged, 2, 2, TimeUnit.SECONDS);
    watch.scheduleWithFixedDelay(this::renew, 60, 60, TimeUnit.SECONDS);
  }

  private synchronized void reloadIfChanged() {
    try {
      String text = Files.exists(file) ? Files.readString(file) : "";
      if (text.equals(seen)) return;
      seen = text;
      Manifest m = service.validate(ManifestFile.read(file));
      scheduler.reload(service.backups().schedules(m));
      current = Optional.of(m);
      renew();
    } catch (UserError e) {
      log.warn("the manifest {} is not valid; automatic backups stay as they were: {}", file, String.join("; ", e.lines()));
    } catch (RuntimeException | java.io.IOException e) {
      log.warn("reloading the backup schedule of {}: {}", file, e.toString());
    }
  }

  private synchronized void renew() {
    current.ifPresent(m -> {
      try {
        service.backups().recordSchedule(m, scheduler.scheduled());
      } catch (RuntimeException e) {
        log.warn("recording the backup schedule: {}", e.getMessage());
      }
    });
  }

  private void backUp(String addon) {
    Manifest m = service.validate(ManifestFile.read(file));
    log.info("automatic backup of {} started", addon);
    BackupRecord r = service.backups().automatic(m, addon);
    if (r.succeeded()) {
      log.info("automatic backup {} of {} taken: {} bytes{}", r.id(), addon, r.sizeBytes(),
          r.verification().map(v -> v.passed() ? ", verified" : ", verification failed: " + v.failure().orElse("")).orElse(""));
    } else {
      log.warn("automatic backup {} of {} failed: {}", r.id(), addon, r.failure().orElse(""));
    }
    renew();
  }

  /** Stops reloading and scheduling; a backup in progress finishes first. */
  @Override
  public void close() {
    watch.shutdownNow();
    scheduler.close();
  }
}

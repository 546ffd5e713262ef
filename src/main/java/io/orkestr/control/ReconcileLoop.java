package io.orkestr.control;

import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.ApplySettings;
import io.orkestr.error.UserError;
import io.orkestr.manifest.Manifest;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.service.ApplyHooks;
import io.orkestr.service.ApplyResult;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ReconcileLoop keeps Docker converged to the watched manifest, level-triggered like a Kubernetes
 * controller: whatever woke it (the file changed, the engine reported an event, the resync timer),
 * it plans from scratch and applies what the plan says, as {@code apply --auto-approve} would
 * (never purging data). One reconcile runs at a time, on the loop's own thread; triggers that arrive
 * meanwhile coalesce into one more. A failure that may pass is retried with capped exponential
 * backoff; a terminal one (an invalid manifest, a refused change) waits until the file changes.
 * With {@code --sync off} it only plans and reports the drift as events. What it reports of each
 * reconcile (events, metrics, the log line, what counts as drift) is ReconcileReport's.
 */
public final class ReconcileLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

  public enum Sync {
    AUTO, OFF;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How the loop runs; engine events wait {@code eventDelay} so one removal's die and destroy make one reconcile. */
  public record Settings(Path file, Sync sync, Duration resync, Backoff backoff, Duration eventDelay, ApplySettings apply) {
    public Settings(Path file, Sync sync, Duration resync) {
      this(file, sync, resync, Backoff.DEFAULT, Duration.ofMillis(300), ApplySettings.DEFAULT);
    }
  }

  private final OrkestrService service;
  private final Settings settings;
  private final ReconcileReport report;
  private final Clock clock;
  private final Observer observer;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orkestr-reconcile");
    t.setDaemon(true);
    return t;
  });

  // Guarded by this.
  private final Set<String> pending = new LinkedHashSet<>();
  private boolean running;
  private ScheduledFuture<?> scheduled;
  private Instant scheduledAt;
  private Instant retryAt;
  private int failures;
  private String terminalText;
  private LoopStatus status;
  private ScheduledFuture<?> resyncTimer;
  private volatile boolean stopping;
  private long count;
  private long runsFinished;

  /** How often the loop measures storage and enforces the plans' limits (a query in every Postgres add-on). */
  static final Duration STORAGE_EVERY = Duration.ofMinutes(5);
  private volatile Instant storageChecked = Instant.EPOCH;

  public ReconcileLoop(OrkestrService service, Settings settings, EventJournal events, ControlMetrics metrics, Clock clock,
      Observer observer) {
    this.service = service;
    this.settings = settings;
    this.report = new ReconcileReport(events, metrics, settings.sync().word());
    this.clock = clock;
    this.observer = observer;
    this.status = LoopStatus.starting(settings.file().toString(), settings.sync().word(), settings.resync());
  }

  /** Hears what the loop found: each valid manifest it read, and reconciles that changed something. */
  public interface Observer {
    void valid(Manifest manifest);

    void changed();
  }

  /** Reconciles now, then on every trigger and every resync. */
  public synchronized void start() {
    trigger("start", false);
    long every = settings.resync().toMillis();
    resyncTimer = thread.scheduleWithFixedDelay(() -> trigger("resync", false), every, every, TimeUnit.MILLISECONDS);
  }

  /** The manifest's file has new contents: reconcile at once, forgetting any backoff or terminal wait. */
  public void manifestChanged() {
    trigger("manifest changed", true);
  }

  /** The engine reported something about what orkestr owns. */
  public void engineEvent(String what) {
    trigger(what, false);
  }

  /** Something may have been missed (the engine's event stream came back): reconcile soon. */
  public void resync(String why) {
    trigger(why, false);
  }

  private synchronized void trigger(String reason, boolean manifest) {
    if (stopping) return;
    pending.add(reason);
    if (manifest) {
      failures = 0;
      retryAt = null;
      terminalText = null;
    }
    if (running) return; // the run in progress schedules the next one when it ends
    Instant at = clock.instant();
    if (reason.startsWith("engine:")) at = at.plus(settings.eventDelay());
    if (retryAt != null && retryAt.isAfter(at)) at = retryAt;
    scheduleAt(at);
  }

  private void scheduleAt(Instant at) {
    if (scheduled != null && !scheduled.isDone()) {
      if (!scheduledAt.isAfter(at)) return;
      scheduled.cancel(false);
    }
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    scheduledAt = at;
    scheduled = thread.schedule(this::run, delay, TimeUnit.MILLISECONDS);
  }

  private void run() {
    List<String> reasons;
    synchronized (this) {
      if (stopping || running) return;
      running = true;
      scheduled = null;
      reasons = new ArrayList<>(pending);
      pending.clear();
    }
    try {
      reconcile(reasons);
    } catch (RuntimeException e) {
      log.error("reconcile failed unexpectedly", e); // a bug: the loop must go on
    } finally {
      synchronized (this) {
        running = false;
        runsFinished++;
        if (!pending.isEmpty() && !stopping) {
          Instant at = retryAt != null && retryAt.isAfter(clock.instant()) ? retryAt : clock.instant();
          scheduleAt(at);
        }
        notifyAll();
      }
    }
  }

  private void reconcile(List<String> reasons) {
    String trigger = String.join(", ", reasons);
    ManifestFile file;
    try {
      file = ManifestFile.read(settings.file());
    } catch (UserError e) {
      invalid(trigger, null, e);
      return;
    }
    synchronized (this) {
      if (terminalText != null && terminalText.equals(file.text())) {
        log.debug("reconcile ({}) skipped: waiting for {} to change", trigger, settings.file());
        return;
      }
    }
    Manifest manifest;
    try {
      manifest = service.validate(file);
    } catch (UserError e) {
      invalid(trigger, file.text(), e);
      return;
    }
    observer.valid(manifest);
    long number;
    synchronized (this) {
      number = ++count;
      status = status.reconciling(clock.instant(), trigger);
    }
    long started = System.nanoTime();
    report.started(number, trigger, manifest.name());
    Reconciled outcome;
    try {
      outcome = settings.sync() == Sync.AUTO ? applyNow(file) : planOnly(file);
    } catch (UserError e) {
      outcome = Reconciled.failed(e.isTerminal(), String.join("; ", e.lines()), null, Optional.empty());
    } catch (RuntimeException e) {
      log.warn("reconcile {}: {}", number, e.toString(), e);
      outcome = Reconciled.failed(false, "unexpected error: " + e.getClass().getSimpleName(), null, Optional.empty());
    }
    finish(number, trigger, manifest.name(), file.text(), outcome, Duration.ofNanos(System.nanoTime() - started));
  }

  private Reconciled applyNow(ManifestFile file) {
    ReconcileReport.Applying applying = report.applying();
    ApplyHooks hooks = new ApplyHooks() {
      @Override
      public void planned(Plan plan) {
        applying.planned(plan);
      }

      @Override
      public void waitingForLock() {
        log.info("reconcile waits for another apply of {} to finish", file.displayName());
      }

      @Override
      public boolean checkStorage() {
        // Every few minutes, not on every reconcile: a no-op reconcile then costs three list calls, whatever the manifest's size.
        if (clock.instant().isBefore(storageChecked.plus(STORAGE_EVERY))) return false;
        storageChecked = clock.instant();
        return true;
      }
    };
    ApplyResult result = service.apply(file, PlanOptions.DEFAULT, settings.apply(), applying, hooks, () -> stopping);
    Plan plan = result.plan();
    if (stopping && result.report().isPresent() && !result.report().get().succeeded()) {
      return Reconciled.failed(false, "stopped before every change was made", plan, result.report());
    }
    if (result.report().isPresent() && !result.report().get().succeeded()) {
      ApplyReport r = result.report().get();
      return Reconciled.failed(false, r.count(io.orkestr.apply.Outcome.FAILED) + " of " + r.results().size() + " changes failed",
          plan, result.report());
    }
    report.converged(plan);
    return new Reconciled("success", false, null, plan, result.report());
  }

  private Reconciled planOnly(ManifestFile file) {
    Plan plan = service.plan(file, PlanOptions.DEFAULT);
    report.planOnly(plan);
    return new Reconciled("success", false, null, plan, Optional.empty());
  }

  private void finish(long number, String trigger, String manifest, String text, Reconciled o, Duration took) {
    Instant nextRetry;
    synchronized (this) {
      if (o.ok()) {
        failures = 0;
        retryAt = null;
        terminalText = null;
      } else if (o.terminal()) {
        terminalText = text;
        retryAt = null;
      } else {
        failures++;
        retryAt = clock.instant().plus(settings.backoff().after(failures));
        pending.add("retry");
      }
      nextRetry = retryAt;
      status = status.finished(clock.instant(), took, o.result(), o.plan() == null ? null : o.plan().summary(), o.error(), failures,
          nextRetry, o.terminal(), List.of());
    }
    report.finished(number, trigger, manifest, o, took, nextRetry);
    if (o.report().isPresent()) observer.changed();
  }

  private void invalid(String trigger, String text, UserError e) {
    boolean seen;
    synchronized (this) {
      seen = text != null && text.equals(terminalText);
      terminalText = text;
      retryAt = null;
      status = status.finished(clock.instant(), Duration.ZERO, "invalid", null, String.join("; ", e.lines()), failures, null, true,
          ReconcileReport.problems(e));
    }
    report.invalid(settings.file().toString(), trigger, e, seen);
  }

  /** The loop as /v1/status shows it. */
  public synchronized LoopStatus status() {
    Instant next = resyncTimer == null ? null : clock.instant().plusMillis(Math.max(0, resyncTimer.getDelay(TimeUnit.MILLISECONDS)));
    return status.withState(running ? "reconciling" : terminalText != null ? "waiting for a manifest change"
        : retryAt != null ? "backing off" : "idle", next);
  }

  /**
   * Reconciles now (or after the one running) and waits until that reconcile has ended, within the
   * timeout; true if it did. A backoff in progress is waited out; a terminal wait skips it quickly.
   */
  public boolean reconcileNow(String why, Duration timeout) throws InterruptedException {
    long target;
    synchronized (this) {
      target = runsFinished + (running ? 2 : 1);
      trigger(why, false);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (runsFinished < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || stopping) return false;
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    return true;
  }

  /** Waits until no reconcile runs and none is due (tests and benchmarks). */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running || (scheduled != null && !scheduled.isDone())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
    return true;
  }

  public synchronized long reconciles() {
    return count;
  }

  /**
   * Stops: no new reconcile starts; one in progress finishes the changes it has begun and skips the
   * rest (as Ctrl-C does to an apply), within {@code grace}.
   */
  public void close(Duration grace) {
    synchronized (this) {
      stopping = true;
      if (scheduled != null) scheduled.cancel(false);
    }
    thread.shutdown();
    try {
      if (!thread.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("the reconcile in progress did not finish within {}s; stopping anyway", grace.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofMinutes(2));
  }
}

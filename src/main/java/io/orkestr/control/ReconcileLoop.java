package io.orkestr.control;

import io.orkestr.apply.ApplyListener;
import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.ApplySettings;
import io.orkestr.apply.StepResult;
import io.orkestr.desired.Resource;
import io.orkestr.desired.ResourceKey;
import io.orkestr.error.UserError;
import io.orkestr.error.ValidationError;
import io.orkestr.manifest.Manifest;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.plan.PlannedChange;
import io.orkestr.service.ApplyHooks;
import io.orkestr.service.ApplyResult;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * With {@code --sync off} it only plans and reports the drift as events.
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
  private final EventJournal events;
  private final ControlMetrics metrics;
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

  /** What the last successful reconcile wanted per key: a change to a key whose wish is unchanged is drift. */
  private Map<ResourceKey, Optional<Resource>> converged = Map.of();

  public ReconcileLoop(OrkestrService service, Settings settings, EventJournal events, ControlMetrics metrics, Clock clock,
      Observer observer) {
    this.service = service;
    this.settings = settings;
    this.events = events;
    this.metrics = metrics;
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
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("reconcile", number);
    start.put("trigger", trigger);
    start.put("manifest", manifest.name());
    events.publish("reconcile.started", start);
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

  /** What one reconcile came to. */
  private record Reconciled(String result, boolean terminal, String error, Plan plan, Optional<ApplyReport> report) {
    static Reconciled failed(boolean terminal, String error, Plan plan, Optional<ApplyReport> report) {
      return new Reconciled(terminal ? "terminal" : "error", terminal, error, plan, report);
    }

    boolean ok() {
      return result.equals("success");
    }
  }

  private Reconciled applyNow(ManifestFile file) {
    Set<ResourceKey> drift = new java.util.TreeSet<>();
    Map<ResourceKey, String> kinds = new HashMap<>();
    ApplyHooks hooks = new ApplyHooks() {
      @Override
      public void planned(Plan plan) {
        for (PlannedChange c : plan.changes()) {
          if (!c.isChange() || c.refusal().isPresent()) continue;
          if (isDrift(c)) {
            drift.add(c.key());
            kinds.put(c.key(), c.key().kind().word());
            events.publish("drift.found", ChangeData.of(c));
          }
        }
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
    ApplyListener listener = new ApplyListener() {
      @Override
      public void finished(StepResult r) {
        Map<String, Object> data = ChangeData.step(r);
        data.put("drift", drift.contains(r.key()));
        events.publish(ChangeData.stepType(r), data);
        if (r.outcome() == io.orkestr.apply.Outcome.DONE && drift.contains(r.key())) metrics.driftRepaired(kinds.get(r.key()));
      }
    };
    ApplyResult result = service.apply(file, PlanOptions.DEFAULT, settings.apply(), listener, hooks, () -> stopping);
    Plan plan = result.plan();
    if (stopping && result.report().isPresent() && !result.report().get().succeeded()) {
      return Reconciled.failed(false, "stopped before every change was made", plan, result.report());
    }
    if (result.report().isPresent() && !result.report().get().succeeded()) {
      ApplyReport r = result.report().get();
      return Reconciled.failed(false, r.count(io.orkestr.apply.Outcome.FAILED) + " of " + r.results().size() + " changes failed",
          plan, result.report());
    }
    rememberConverged(plan);
    return new Reconciled("success", false, null, plan, result.report());
  }

  private Reconciled planOnly(ManifestFile file) {
    Plan plan = service.plan(file, PlanOptions.DEFAULT);
    for (PlannedChange c : plan.changes()) if (c.isChange()) events.publish("drift.found", ChangeData.of(c));
    return new Reconciled("success", false, null, plan, Optional.empty());
  }

  private synchronized boolean isDrift(PlannedChange c) {
    Optional<Resource> before = converged.get(c.key());
    return before != null ? before.equals(c.after()) : !converged.isEmpty() && c.after().isEmpty();
  }

  private synchronized void rememberConverged(Plan plan) {
    Map<ResourceKey, Optional<Resource>> wanted = new HashMap<>();
    for (PlannedChange c : plan.changes()) if (c.after().isPresent()) wanted.put(c.key(), c.after());
    converged = wanted;
  }

  private void finish(long number, String trigger, String manifest, String text, Reconciled o, Duration took) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reconcile", number);
    data.put("trigger", trigger);
    data.put("manifest", manifest);
    data.put("result", o.result());
    data.put("sync", settings.sync().word());
    if (o.plan() != null) data.put("summary", ChangeData.summary(o.plan()));
    o.report().ifPresent(r -> {
      data.put("applied", r.count(io.orkestr.apply.Outcome.DONE));
      data.put("failed", r.count(io.orkestr.apply.Outcome.FAILED));
      data.put("skipped", r.count(io.orkestr.apply.Outcome.SKIPPED));
    });
    if (o.error() != null) data.put("error", o.error());
    data.put("took_ms", took.toMillis());
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
      if (nextRetry != null) data.put("retry_at", nextRetry.toString());
      status = status.finished(clock.instant(), took, o.result(), o.plan() == null ? null : o.plan().summary(), o.error(), failures,
          nextRetry, o.terminal(), List.of());
    }
    events.publish("reconcile.finished", data);
    if (o.report().isPresent()) observer.changed();
    metrics.reconciled(o.result(), took);
    if (o.plan() != null) metrics.observed(addOnStates(o));
    String changes = o.report().map(r -> r.count(io.orkestr.apply.Outcome.DONE) + (r.count(io.orkestr.apply.Outcome.DONE) == 1 ? " change" : " changes") + " made"
        + (r.count(io.orkestr.apply.Outcome.FAILED) > 0 ? ", " + r.count(io.orkestr.apply.Outcome.FAILED) + " failed" : ""))
        .orElse(o.plan() == null ? "" : o.plan().hasChanges() ? settings.sync() == Sync.OFF ? o.plan().summary() + " (sync off)" : "nothing applied" : "no changes");
    if (o.ok()) {
      log.info("reconcile {} ({}): {}, {} ms", number, trigger, changes, took.toMillis());
    } else {
      log.warn("reconcile {} ({}): {}: {}{}, {} ms", number, trigger, o.result(), o.error(), changes.isEmpty() ? "" : " (" + changes + ")",
          took.toMillis());
    }
  }

  /** Add-ons by state after the reconcile: as planned, except those the apply has just made or started. */
  private Map<String, Integer> addOnStates(Reconciled o) {
    Map<ResourceKey, io.orkestr.apply.Outcome> done = new HashMap<>();
    o.report().ifPresent(r -> r.results().forEach(s -> done.put(s.key(), s.outcome())));
    Map<String, Integer> states = new java.util.TreeMap<>();
    for (PlannedChange c : o.plan().changes()) {
      if (c.key().kind() != ResourceKey.Kind.ADDON || c.after().isEmpty()) continue;
      String state = done.get(c.key()) == io.orkestr.apply.Outcome.DONE ? "running" : ChangeData.state(c);
      states.merge(state, 1, Integer::sum);
    }
    return states;
  }

  private void invalid(String trigger, String text, UserError e) {
    List<ValidationError.Item> problems = e instanceof ValidationError v ? v.items() : List.of();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("file", settings.file().toString());
    data.put("trigger", trigger);
    data.put("error", String.join("; ", e.lines()));
    data.put("problems", problems.stream().map(ChangeData::problem).toList());
    synchronized (this) {
      boolean seen = text != null && text.equals(terminalText);
      terminalText = text;
      retryAt = null;
      status = status.finished(clock.instant(), Duration.ZERO, "invalid", null, String.join("; ", e.lines()), failures, null, true,
          problems);
      if (seen) return;
    }
    log.warn("the manifest {} is not valid; what runs is left as it is: {}", settings.file(), String.join("; ", e.lines()));
    events.publish("manifest.invalid", data);
    metrics.reconciled("invalid", Duration.ZERO);
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

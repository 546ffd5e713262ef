package io.orkestr.control;

import io.orkestr.apply.ApplyListener;
import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.ApplySettings;
import io.orkestr.apply.StepResult;
import io.orkestr.docker.DockerPort;
import io.orkestr.error.ConflictError;
import io.orkestr.manifest.Manifest;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.service.ApplyHooks;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ControlPlane is {@code orkestr serve -f}'s long-lived part, built once: the reconcile loop and its
 * triggers, the backup schedule, the event journal, the status cache and the API's plans, over one
 * service and one Docker port. The HTTP API calls these methods, which call the service, as the CLI does.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

  private final OrkestrService service;
  private final ReconcileLoop.Settings settings;
  private final EventJournal events;
  private final ControlMetrics metrics;
  private final ReconcileLoop loop;
  private final BackupSchedule backups;
  private final OffsiteCopies offsite;
  private final ManifestWatch watch;
  private final EngineEvents engine;
  private final StatusCache status;
  private final PlanStore plans = new PlanStore();
  private final SleepLoop sleep;
  private final Clock clock;
  private final AtomicReference<String> manifestName = new AtomicReference<>("");

  public ControlPlane(OrkestrService service, DockerPort docker, ReconcileLoop.Settings settings, EventJournal events,
      ControlMetrics metrics, Clock clock) {
    this(service, docker, settings, events, metrics, clock, null);
  }

  /** wakers: the daemon's wakers of sleeping add-ons (null: add-ons do not sleep under this control plane). */
  public ControlPlane(OrkestrService service, DockerPort docker, ReconcileLoop.Settings settings, EventJournal events,
      ControlMetrics metrics, Clock clock, SleepLoop.Wakers wakers) {
    // A transition changes what status and orkestr_addons{state} show: both are refreshed by a reconcile soon after.
    this.sleep = wakers == null ? null : new SleepLoop(service, docker, settings.file(), wakers, events, metrics, clock,
        () -> refreshAfterSleep(), (addon, by) -> wake(addon, by));
    this.clock = clock;
    this.service = service;
    this.settings = settings;
    this.events = events;
    this.metrics = metrics;
    this.offsite = new OffsiteCopies(service, settings.file(), events, metrics);
    this.backups = new BackupSchedule(service, settings.file(), clock, events, metrics, offsite::kick);
    this.status = new StatusCache(service, settings.file(), Duration.ofSeconds(5), Duration.ofMinutes(1));
    this.loop = new ReconcileLoop(service, settings, events, metrics, clock, new ReconcileLoop.Observer() {
      @Override
      public void valid(Manifest m) {
        manifestName.set(m.name());
        backups.manifest(m);
      }

      @Override
      public void changed() {
        status.invalidate();
      }
    });
    this.watch = new ManifestWatch(settings.file(), Duration.ofMillis(250), loop::manifestChanged);
    this.engine = new EngineEvents(docker, manifestName::get, loop::engineEvent, loop::resync);
    metrics.dockerCalls(docker);
  }

  private void refreshAfterSleep() {
    status.invalidate();
    loop.resync("sleep");
  }

  /** Starts the loop (its first reconcile at once), the watch, the event stream and the backup schedule. */
  public void start() {
    try {
      manifestName.set(service.validate(ManifestFile.read(settings.file())).name());
    } catch (RuntimeException e) {
      log.debug("the manifest is not valid at start: {}", e.getMessage()); // the first reconcile reports it
    }
    watch.start();
    engine.start();
    backups.start();
    offsite.start();
    loop.start();
    if (sleep != null) sleep.start();
  }

  /**
   * Wakes an add-on ("shop/addon/db" or "shop/db") of the watched manifest and returns once it answers
   * (by: who asked, for the record and the event). An awake one is left as it is.
   */
  public io.orkestr.sleep.SleepService.Woken wake(String addon, String by) {
    return wake(addon, by, w -> {});
  }

  /** Wakes as {@link #wake(String, String)} does, telling answered as soon as the engine answers (the waker passes its client on). */
  public io.orkestr.sleep.SleepService.Woken wake(String addon, String by, java.util.function.Consumer<io.orkestr.sleep.SleepService.Woken> answered) {
    Manifest m = service.validate(ManifestFile.read(settings.file()));
    String ref = addon.contains("/addon/") ? addon.replace("/addon/", "/") : addon;
    return wake(service.addOnSpec(m, ref), by, answered);
  }

  /**
   * Wakes the add-on as the spec says (a waker's: the one it was opened with, so that a manifest being
   * edited, invalid for a moment, does not keep a client's add-on asleep).
   */
  public io.orkestr.sleep.SleepService.Woken wake(io.orkestr.desired.ContainerSpec spec, String by,
      java.util.function.Consumer<io.orkestr.sleep.SleepService.Woken> answered) {
    String ref = spec.key().toString().replace("/addon/", "/");
    java.time.Instant asked = clock.instant();
    io.orkestr.sleep.SleepService.Woken w = service.sleep().wake(spec, by, answered);
    if (w.woke()) {
      if (sleep != null) sleep.woke(spec.key().toString(), asked);
      Map<String, Object> data = new java.util.LinkedHashMap<>();
      data.put("addon", ref);
      data.put("from", w.from());
      data.put("took_ms", w.took().toMillis());
      data.put("by", by);
      events.publish("addon.woke", data);
      metrics.woke(w.from(), w.took());
      log.info("{} woke from {} in {} ms (by {})", ref, w.from(), w.took().toMillis(), by);
      refreshAfterSleep();
    }
    return w;
  }

  public LoopStatus status() {
    return loop.status();
  }

  public ReconcileLoop loop() {
    return loop;
  }

  public EventJournal events() {
    return events;
  }

  public ControlMetrics metrics() {
    return metrics;
  }

  /** What status shows for the watched manifest, at most a few seconds old. */
  public StatusCache.Snapshot statusSnapshot() {
    return status.get();
  }

  /** The watched manifest as it reads now (valid or not). */
  public Manifest manifest() {
    return service.validate(ManifestFile.read(settings.file()));
  }

  /** The plan of the watched manifest now. */
  public Plan planNow() {
    return service.plan(ManifestFile.read(settings.file()), PlanOptions.DEFAULT);
  }

  /** A plan kept for {@link #apply}: of the posted manifest, or of the watched one. */
  public PlanStore.Stored makePlan(Optional<ManifestFile> posted) {
    Plan plan = service.plan(posted.orElseGet(() -> ManifestFile.read(settings.file())), PlanOptions.DEFAULT);
    return plans.add(plan, posted.isPresent());
  }

  /** A manifest sent with a request, named for messages, defaulting its name as the watched one does. */
  public ManifestFile posted(String text) {
    String defaultName;
    try {
      defaultName = ManifestFile.read(settings.file()).defaultName();
    } catch (RuntimeException e) {
      defaultName = "default";
    }
    return new ManifestFile("(request body)", text, defaultName);
  }

  /** The watched manifest's name, once it has been read valid. */
  public Optional<String> manifestName() {
    String n = manifestName.get();
    return n.isEmpty() ? Optional.empty() : Optional.of(n);
  }

  /** The manifest a kept plan is of. */
  public String planManifest(String id) {
    return plans.get(id).plan().manifest();
  }

  /** The id and plan of a kept plan, for the API. */
  public record MadePlan(String id, Plan plan) {}

  public MadePlan made(PlanStore.Stored s) {
    return new MadePlan(s.id(), s.plan());
  }

  /**
   * Applies a kept plan exactly. Refused (409) when another reconcile or apply of its manifest runs (no
   * waiting), when it is stale, and when it was made from a posted version of the watched manifest while
   * the loop keeps that manifest converged: the next reconcile would undo it.
   */
  public ApplyReport apply(String id) {
    PlanStore.Stored s = plans.get(id);
    if (s.posted() && settings.sync() == ReconcileLoop.Sync.AUTO && s.plan().manifest().equals(manifestName.get())) {
      throw new ConflictError("manifest \"" + s.plan().manifest() + "\" is kept converged to " + settings.file()
          + " by this daemon, so the next reconcile would undo a plan of another version of it",
          "change " + settings.file() + " instead, or run orkestr serve with --sync off");
    }
    ApplyHooks noWait = new ApplyHooks() {
      @Override
      public boolean waitForLock() {
        return false;
      }
    };
    ApplyListener listener = new ApplyListener() {
      @Override
      public void finished(StepResult r) {
        Map<String, Object> data = ChangeData.step(r);
        data.put("plan", s.id());
        events.publish(ChangeData.stepType(r), data);
      }
    };
    ApplyReport report = service.applySaved(s.plan(), ApplySettings.DEFAULT, listener, noWait, () -> false);
    status.invalidate();
    log.info("plan {} applied: {} done, {} failed", s.id(), report.count(io.orkestr.apply.Outcome.DONE),
        report.count(io.orkestr.apply.Outcome.FAILED));
    return report;
  }

  /**
   * Stops in order: no new reconcile; the one in progress finishes the changes it began; the backup
   * schedule shuts down after a backup in progress. Containers keep running.
   */
  @Override
  public void close() {
    watch.close();
    engine.close();
    if (sleep != null) sleep.close();
    loop.close(Duration.ofMinutes(2));
    backups.close();
    offsite.close();
    status.close();
  }
}

package io.orkestr.service;

import io.orkestr.actual.ActualState;
import io.orkestr.actual.StorageUse;
import io.orkestr.apply.Applier;
import io.orkestr.apply.ApplyListener;
import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.ApplySettings;
import io.orkestr.credential.CredentialStore;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.DesiredStateBuilder;
import io.orkestr.docker.DockerPort;
import io.orkestr.error.RefusedChangeError;
import io.orkestr.error.StalePlanError;
import io.orkestr.lock.ApplyLock;
import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.ManifestParser;
import io.orkestr.plan.Action;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.plan.PlannedChange;
import io.orkestr.plan.Planner;
import io.orkestr.state.LiveUpdateLog;
import io.orkestr.tier.Tiers;
import io.orkestr.apply.JobRunner;
import io.orkestr.apply.SecretResolver;
import io.orkestr.desired.JobSpecs;
import io.orkestr.desired.Placeholders;
import io.orkestr.desired.ProjectEnvironment;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.JobOutput;
import io.orkestr.error.UserError;
import io.orkestr.manifest.App;
import io.orkestr.manifest.Project;
import io.orkestr.manifest.Redeploy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OrkestrService is orkestr's use cases as plain blocking methods: the CLI and the HTTP API both
 * call it, never the core directly. Docker is reached lazily, so validate works without it.
 */
public final class OrkestrService {
  private static final Logger log = LoggerFactory.getLogger(OrkestrService.class);

  private final Tiers tiers;
  private final ServiceSettings settings;
  private final Supplier<DockerPort> docker;
  private final CredentialStore credentials;
  private final ApplyLock lock;
  private final LiveUpdateLog liveUpdates;
  private final io.orkestr.state.SleepLog sleepLog;
  private final Backups backups;
  private final java.time.Clock clock;

  public OrkestrService(Tiers tiers, ServiceSettings settings, Supplier<DockerPort> docker, CredentialStore credentials, ApplyLock lock,
      LiveUpdateLog liveUpdates, io.orkestr.backup.BackupStore backupStore, io.orkestr.backup.ScheduleLog schedules, java.time.Clock clock) {
    this(tiers, settings, docker, credentials, lock, liveUpdates, new io.orkestr.state.SleepLog.None(), backupStore, schedules, clock);
  }

  /** sleepLog: which add-ons orkestr put to sleep, and when awake ones were last used (see SleepLog). */
  public OrkestrService(Tiers tiers, ServiceSettings settings, Supplier<DockerPort> docker, CredentialStore credentials, ApplyLock lock,
      LiveUpdateLog liveUpdates, io.orkestr.state.SleepLog sleepLog, io.orkestr.backup.BackupStore backupStore,
      io.orkestr.backup.ScheduleLog schedules, java.time.Clock clock) {
    this.sleepLog = sleepLog;
    this.tiers = tiers;
    this.settings = settings;
    this.docker = docker;
    this.credentials = credentials;
    this.lock = lock;
    this.liveUpdates = liveUpdates;
    this.clock = clock;
    this.backups = new Backups(tiers, docker, credentials, backupStore, clock, lock, settings.lockTimeout(), this::desired, schedules,
        this::sleep, settings.offsites());
  }

  private volatile io.orkestr.sleep.SleepService sleep;

  /**
   * Idle sleep: freezing, stopping and waking add-ons. One for the service's life, so that one
   * add-on is woken once however many callers (a daemon's waker, its loop, an apply) ask at once.
   */
  public io.orkestr.sleep.SleepService sleep() {
    io.orkestr.sleep.SleepService s = sleep;
    if (s != null) return s;
    synchronized (this) {
      if (sleep == null) {
        sleep = new io.orkestr.sleep.SleepService(docker.get(), settings.diversions(), sleepLog, new SecretResolver(credentials), clock,
            settings.wakeTimeout());
      }
      return sleep;
    }
  }

  /**
   * Wakes an add-on ("shop/db") of the manifest and returns once it answers: what woke it (by) is
   * recorded as its use. An awake add-on is left as it is (from: awake).
   */
  public io.orkestr.sleep.SleepService.Woken wake(ManifestFile file, String addonRef, String by) {
    Manifest manifest = validate(file);
    ContainerSpec spec = addOnSpec(manifest, addonRef);
    return sleep().wake(spec, by);
  }

  /** The desired container of an add-on named project/addon, or a UserError naming the add-ons there are. */
  public ContainerSpec addOnSpec(Manifest manifest, String addonRef) {
    List<String> known = new java.util.ArrayList<>();
    for (Project p : manifest.projects()) {
      for (var a : p.addons()) {
        String name = p.name() + "/" + a.name();
        if (name.equals(addonRef)) return (ContainerSpec) desired(manifest).get(ResourceKey.addon(p.name(), a.name())).orElseThrow();
        known.add(name);
      }
    }
    throw new UserError("no add-on " + addonRef + " in the manifest" + io.orkestr.yaml.EditDistance.suggest(addonRef, known),
        known.isEmpty() ? "the manifest has no add-ons" : "add-ons are named project/addon: " + String.join(", ", known));
  }

  /** Wakes the project's add-ons that sleep (its own and those its group shares with it): a job or a deploy needs them. */
  private void wakeFor(Manifest manifest, Project project, String by) {
    DesiredState desired = desired(manifest);
    Set<String> sleeping = new TreeSet<>();
    for (var e : sleepLog.entries().values()) if (!e.stage().equals("awake")) sleeping.add(e.addon());
    if (sleeping.isEmpty()) return;
    for (ContainerSpec c : desired.containers()) {
      if (c.addOn().isEmpty() || !sleeping.contains(c.key().toString())) continue;
      boolean reaches = c.key().owner().equals(project.name())
          || c.networks().stream().anyMatch(n -> n.network().owner().equals(project.name()));
      if (reaches) sleep().wake(c, by);
    }
  }

  /** When orkestr last measured a container's storage (a query in its engine), if it did. */
  public Optional<java.time.Instant> storageMeasuredAt(String containerId) {
    return Optional.ofNullable(liveUpdates.storage().get(containerId)).map(m -> java.time.Instant.ofEpochSecond(m.epochSeconds()));
  }

  /** The record of what sleeps (status reads it; the control plane writes it). */
  public io.orkestr.state.SleepLog sleepLog() {
    return sleepLog;
  }

  /** The backup use cases. */
  public Backups backups() {
    return backups;
  }

  public Tiers tiers() {
    return tiers;
  }

  /** Parses and checks the manifest against the schema and the plans; no Docker needed. */
  public Manifest validate(ManifestFile file) {
    Validated last = lastValidated;
    if (last != null && last.file().equals(file)) return last.manifest();
    Manifest manifest = new ManifestParser(tiers, io.orkestr.backup.CronSchedules.INSTANCE).parse(file.displayName(), file.text(),
        file.defaultName());
    lastValidated = new Validated(file, manifest);
    return manifest;
  }

  public DesiredState desired(Manifest manifest) {
    Built last = lastBuilt;
    if (last != null && last.manifest() == manifest) return last.desired();
    DesiredState desired = new DesiredStateBuilder(tiers, settings.images(), settings.disks().placement()).build(manifest);
    lastBuilt = new Built(manifest, desired);
    return desired;
  }

  // A long-lived service (the control plane's) reconciles the same text again and again: parsing,
  // checking and building it were most of a no-op reconcile's time. Both are pure functions of the
  // file's name and text (and of this service's plans and images), so the last result is kept.
  private record Validated(ManifestFile file, Manifest manifest) {}

  private record Built(Manifest manifest, DesiredState desired) {}

  private volatile Validated lastValidated;
  private volatile Built lastBuilt;

  /** The changes an apply of this manifest would make now. */
  public Plan plan(ManifestFile file, PlanOptions options) {
    Manifest manifest = validate(file);
    return withOffsiteNote(manifest, plan(desired(manifest), StateReader.list(docker.get()), options.withManualRedeploy(manualApps(manifest))));
  }

  /** Where backups go off the machine, and a warning when they go unencrypted (encrypt: false). */
  private static Plan withOffsiteNote(Manifest manifest, Plan plan) {
    if (manifest.offsite().isEmpty()) return plan;
    var o = manifest.offsite().get();
    return plan.withNote(o.encrypted() ? "backups are also copied to " + o.url() + ", encrypted to " + o.recipients().size()
        + " age recipient" + (o.recipients().size() == 1 ? "" : "s")
        : "WARNING: backups are also copied to " + o.url() + " unencrypted (encrypt: false): whoever reads the bucket reads the data");
  }

  private static Set<ResourceKey> manualApps(Manifest manifest) {
    Set<ResourceKey> keys = new TreeSet<>();
    for (Project p : manifest.projects()) {
      for (App a : p.apps()) if (a.redeploy() == Redeploy.MANUAL) keys.add(ResourceKey.app(p.name(), a.name()));
    }
    return keys;
  }

  /** The changes a destroy would make: everything the manifest owns goes (data volumes only on purge). */
  public Plan planDestroy(ManifestFile file, boolean purgeData) {
    Manifest manifest = validate(file);
    DesiredState nothing = DesiredState.of(manifest.name(), List.of());
    return plan(nothing, StateReader.list(docker.get()), new PlanOptions(purgeData));
  }

  private Plan plan(DesiredState desired, ActualState listed, PlanOptions options) {
    ActualState actual = StateReader.refine(docker.get(), listed, desired, liveUpdates, sleepLog);
    actual = StateReader.withDisks(actual, settings.disks());
    Plan plan = new Planner(settings.subnets(), settings.disks().placement()).plan(desired, actual, options);
    Optional<String> noSleep = settings.diversions().unavailable();
    if (noSleep.isEmpty() || desired.containers().stream().noneMatch(c -> c.addOn().map(a -> a.maySleep()).orElse(false))) return plan;
    return plan.withNote("add-ons whose plan lets them sleep stay awake here: " + noSleep.get());
  }

  /**
   * Plans and applies under the manifest's lock, so the plan shown is the plan applied. The hooks
   * see the plan first and may decline it (the CLI asks on a terminal); a plan without changes is not applied.
   */
  public ApplyResult apply(ManifestFile file, PlanOptions options, ApplySettings applySettings, ApplyListener listener,
      ApplyHooks hooks, BooleanSupplier cancelled) {
    Manifest manifest = validate(file);
    ApplyResult result = applyUnderLock(manifest.name(), () -> plan(file, options), applySettings, listener, hooks, cancelled);
    if (!cancelled.getAsBoolean() && hooks.checkStorage() && (result.report().isPresent() || !result.plan().hasChanges())) {
      enforceStorage(manifest, listener, newData(result.plan()));
    }
    return result;
  }

  /**
   * The add-ons whose data this plan makes (their volume is new): empty, they cannot be over their
   * storage, and measuring one would wait for its first start to finish.
   */
  private static Set<ResourceKey> newData(Plan plan) {
    Set<ResourceKey> out = new TreeSet<>();
    for (PlannedChange c : plan.changes()) {
      if (c.action() == Action.CREATE && c.key().kind() == ResourceKey.Kind.VOLUME) out.add(ResourceKey.addon(c.key().owner(), c.key().name()));
    }
    return out;
  }

  /** What status shows for the manifest, its storage measured now. */
  public StatusView status(ManifestFile file) {
    return status(file, this::storage);
  }

  /**
   * What status shows for the manifest, with storage from the given source: a caller that serves
   * status often (the daemon's cache) measures it less often than the rest, a query in every add-on.
   */
  public StatusView status(ManifestFile file, java.util.function.Function<ManifestFile, List<StorageUse>> storage) {
    Plan plan = plan(file, PlanOptions.DEFAULT);
    return new StatusView(plan, storage.apply(file), backups().freshness(validate(file)));
  }

  /**
   * Each add-on's storage as its engine measures it, against its plan's limit (status shows it).
   * Not running add-ons are reported as such.
   */
  public List<StorageUse> storage(ManifestFile file) {
    return new StorageCheck(docker.get(), tiers, new SecretResolver(credentials), liveUpdates, clock).run(validate(file));
  }

  /**
   * Makes add-ons over their plan's storage read-only for apps, and writable again once back under;
   * says what it switched. Add-ons whose data is new are left out.
   */
  private void enforceStorage(Manifest manifest, ApplyListener listener, Set<ResourceKey> newData) {
    if (manifest.projects().stream().allMatch(p -> p.addons().isEmpty())) return;
    new StorageCheck(docker.get(), tiers, new SecretResolver(credentials), liveUpdates, clock).enforce(manifest, listener::progress, newData);
  }

  /** Like apply, for destroy: everything the manifest owns goes. */
  public ApplyResult destroy(ManifestFile file, boolean purgeData, ApplySettings applySettings, ApplyListener listener,
      ApplyHooks hooks, BooleanSupplier cancelled) {
    return applyUnderLock(validate(file).name(), () -> planDestroy(file, purgeData), applySettings, listener, hooks, cancelled);
  }

  /**
   * Deploys the named apps ("shop/web") with their current variables, with whatever they depend
   * on, and nothing else: how an app with redeploy: manual gets new connection variables.
   */
  public ApplyResult deploy(ManifestFile file, List<String> apps, ApplySettings applySettings, ApplyListener listener,
      ApplyHooks hooks, BooleanSupplier cancelled) {
    Manifest manifest = validate(file);
    Set<ResourceKey> keys = new TreeSet<>();
    for (String ref : apps) keys.add(appKey(manifest, ref));
    // The app's release command and its first connections need its add-ons answering, not waking.
    for (ResourceKey k : keys) wakeFor(manifest, project(manifest, k.owner()), "orkestr deploy");
    return applyUnderLock(manifest.name(), () -> plan(file, new PlanOptions(false).withDeploy(keys)).only(keys), applySettings,
        listener, hooks, cancelled);
  }

  private static ResourceKey appKey(Manifest manifest, String ref) {
    int slash = ref.indexOf('/');
    List<String> known = new java.util.ArrayList<>();
    manifest.projects().forEach(p -> p.apps().forEach(a -> known.add(p.name() + "/" + a.name())));
    if (slash > 0 && known.contains(ref)) return ResourceKey.app(ref.substring(0, slash), ref.substring(slash + 1));
    throw new UserError("no app " + ref + " in the manifest" + io.orkestr.yaml.EditDistance.suggest(ref, known),
        known.isEmpty() ? "the manifest has no apps" : "apps are named project/app: " + String.join(", ", known));
  }

  /**
   * A project's connection variables, names in order. Values are masked unless reveal, which
   * reads the stored passwords (it never creates one: an add-on not yet applied is an error).
   */
  public java.util.Map<String, String> environment(ManifestFile file, String projectName, boolean reveal) {
    Manifest manifest = validate(file);
    Project project = project(manifest, projectName);
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    ProjectEnvironment.of(manifest, project).forEach((name, value) -> out.put(name, reveal ? reveal(value) : "(sensitive)"));
    return out;
  }

  private String reveal(String value) {
    java.util.regex.Matcher m = Placeholders.PATTERN.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      ResourceKey addon = ResourceKey.parse(m.group(1));
      String secret = credentials.find(addon, m.group(2)).orElseThrow(() -> new UserError(addon + " has no password yet",
          "run orkestr apply first")).value();
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(secret));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * Runs a one-off job on the project's networks with its connection variables (a migration),
   * streams its output and returns its exit code; the container is removed afterwards. The image
   * defaults to the project's first app's.
   */
  public int run(ManifestFile file, String projectName, Optional<String> image, List<String> command, JobOutput output,
      JobRunner.JobHandle handle) {
    Manifest manifest = validate(file);
    Project project = project(manifest, projectName);
    String img = image.or(() -> project.apps().stream().findFirst().map(App::image)).orElseThrow(() -> new UserError(
        "project " + projectName + " has no apps to take an image from", "pass --image IMAGE"));
    DockerPort d = docker.get();
    Set<String> existing = new TreeSet<>();
    d.listNetworks().forEach(n -> existing.add(n.name()));
    ContainerSpec spec = JobSpecs.forProject(manifest, project, img);
    if (!existing.contains(spec.networks().get(0).networkName())) {
      throw new UserError("project " + projectName + " is not deployed yet (no network " + spec.networks().get(0).networkName() + ")",
          "run orkestr apply first");
    }
    // The egress network exists only for projects with apps.
    ContainerSpec onExisting = spec.withNetworks(spec.networks().stream().filter(n -> existing.contains(n.networkName())).toList());
    if (!d.hasImage(img)) d.pullImage(img);
    wakeFor(manifest, project, "orkestr run");
    return new JobRunner(d, new SecretResolver(credentials)).run(onExisting, "run", command, java.util.Map.of(), output, handle);
  }

  /** Removes a job's container (a run interrupted with Ctrl-C). */
  public void removeJob(String containerId) {
    docker.get().removeContainer(containerId);
  }

  private static Project project(Manifest manifest, String name) {
    List<String> names = manifest.projects().stream().map(Project::name).toList();
    return manifest.project(name).orElseThrow(() -> new UserError("no project " + name + " in the manifest"
        + io.orkestr.yaml.EditDistance.suggest(name, names), "projects: " + String.join(", ", names)));
  }

  /** Applies a saved plan exactly, or refuses it as stale if what the manifest owns changed since. */
  public ApplyReport applySaved(Plan saved, ApplySettings applySettings, ApplyListener listener, ApplyHooks hooks,
      BooleanSupplier cancelled) {
    refuseRefusals(saved);
    try (ApplyLock.Lease ignored = lock.acquire(saved.manifest(), lockWait(hooks), hooks::waitingForLock)) {
      ActualState now = StateReader.list(docker.get());
      if (!now.fingerprint(saved.manifest()).equals(saved.fingerprint())) {
        throw new StalePlanError("the saved plan is stale: what manifest \"" + saved.manifest() + "\" owns in Docker changed since it was made",
            "make a new plan with orkestr plan --out");
      }
      return execute(saved, applySettings, listener, cancelled);
    }
  }

  private ApplyResult applyUnderLock(String manifest, Supplier<Plan> planner, ApplySettings applySettings, ApplyListener listener,
      ApplyHooks hooks, BooleanSupplier cancelled) {
    try (ApplyLock.Lease ignored = lock.acquire(manifest, lockWait(hooks), hooks::waitingForLock)) {
      Plan plan = planner.get();
      hooks.planned(plan);
      refuseRefusals(plan);
      if (!plan.hasChanges() || !hooks.approve(plan)) return new ApplyResult(plan, Optional.empty());
      return new ApplyResult(plan, Optional.of(execute(plan, applySettings, listener, cancelled)));
    }
  }

  private java.time.Duration lockWait(ApplyHooks hooks) {
    return hooks.waitForLock() ? settings.lockTimeout() : java.time.Duration.ZERO;
  }

  private ApplyReport execute(Plan plan, ApplySettings applySettings, ApplyListener listener, BooleanSupplier cancelled) {
    ensureImages(plan);
    // One log line per change as it finishes (the daemon's log follows an apply as it goes).
    ApplyListener logged = new ApplyListener() {
      @Override
      public void started(ResourceKey key, Action action) {
        listener.started(key, action);
      }

      @Override
      public void progress(ResourceKey key, String message) {
        listener.progress(key, message);
      }

      @Override
      public void finished(io.orkestr.apply.StepResult r) {
        log.info("{} {}: {} ({})", r.action().word(), r.key(), r.outcome(), r.message());
        listener.finished(r);
      }
    };
    ApplyReport report = new Applier(docker.get(), settings.disks(), credentials, applySettings, logged, cancelled, backups.forUpgrades(plan.manifest()),
        (id, use) -> liveUpdates.recordStorage(java.util.Map.of(id, new LiveUpdateLog.Measured(use.usedBytes(), use.readOnly(),
            clock.instant().getEpochSecond()))), sleep()).apply(plan);
    recordLiveUpdates(plan, report);
    return report;
  }

  /** Remembers containers whose limits or settings may now differ from their labels (see LiveUpdateLog). */
  private void recordLiveUpdates(Plan plan, ApplyReport report) {
    List<String> updated = new java.util.ArrayList<>();
    java.util.Map<String, LiveUpdateLog.Engine> settings = new java.util.TreeMap<>();
    Set<ResourceKey> done = new TreeSet<>();
    report.results().stream().filter(r -> r.outcome() == io.orkestr.apply.Outcome.DONE).forEach(r -> done.add(r.key()));
    for (PlannedChange c : plan.changes()) {
      if (c.action() == Action.UPDATE && c.after().orElse(null) instanceof ContainerSpec s
          && c.before().get(0) instanceof io.orkestr.actual.ObservedContainer before) {
        // Limits are recorded even if the update failed part-way: the next plan then inspects them.
        if (!s.limits().equals(before.createdLimits())) updated.add(before.id());
        if (!done.contains(c.key())) continue;
        s.addOn().map(a -> new LiveUpdateLog.Engine(a.access().word(), io.orkestr.desired.EngineSettings.format(a.settings().all())))
            .filter(now -> !now.settings().equals(io.orkestr.desired.EngineSettings.format(before.settings()))
                || !before.access().map(now.access()::equals).orElse(false))
            .ifPresent(now -> settings.put(before.id(), now));
      }
    }
    if (updated.isEmpty() && settings.isEmpty() && liveUpdates.containerIds().isEmpty() && liveUpdates.settings().isEmpty()
        && liveUpdates.storage().isEmpty()) {
      return; // nothing to record or prune: no extra call
    }
    Set<String> existing = new TreeSet<>();
    docker.get().listContainers("orkestr.managed=true").forEach(c -> existing.add(c.id()));
    liveUpdates.record(updated, settings, existing);
  }

  /** Every image the plan creates containers from is present or pulled before anything changes. */
  private void ensureImages(Plan plan) {
    Set<String> images = new TreeSet<>();
    for (PlannedChange c : plan.changes()) {
      if ((c.action() == Action.CREATE || c.action() == Action.REPLACE) && c.after().orElse(null) instanceof ContainerSpec s) {
        images.add(s.image());
      }
    }
    DockerPort d = docker.get();
    for (String image : images) {
      if (!d.hasImage(image)) d.pullImage(image);
    }
  }

  private static void refuseRefusals(Plan plan) {
    if (plan.refusals().isEmpty()) return;
    String all = plan.refusals().stream().map(c -> c.refusal().get()).collect(Collectors.joining("; "));
    throw new RefusedChangeError("apply refused, nothing was changed: " + all, null);
  }
}

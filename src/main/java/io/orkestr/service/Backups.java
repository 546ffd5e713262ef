package io.orkestr.service;

import io.orkestr.actual.ObservedContainer;
import io.orkestr.apply.SecretResolver;
import io.orkestr.backup.AddOnTarget;
import io.orkestr.backup.BackupKind;
import io.orkestr.backup.BackupRecord;
import io.orkestr.backup.BackupScheduler;
import io.orkestr.backup.BackupService;
import io.orkestr.backup.CronSchedules;
import io.orkestr.backup.Freshness;
import io.orkestr.backup.ScheduleLog;
import io.orkestr.backup.BackupStore;
import io.orkestr.backup.ManualBackupLimit;
import io.orkestr.credential.CredentialStore;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.Labels;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.DockerPort;
import io.orkestr.error.UserError;
import io.orkestr.lock.ApplyLock;
import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.Project;
import io.orkestr.tier.Tier;
import io.orkestr.tier.Tiers;
import io.orkestr.yaml.EditDistance;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Backups is orkestr's backup use cases, for the CLI, the HTTP API and the scheduler alike: take,
 * list, restore (in place, after a pre-restore backup, or into another add-on), verify, delete and
 * prune, with the plan's rules (manual backups per day, retention) applied here.
 */
public final class Backups {
  private final Tiers tiers;
  private final Supplier<DockerPort> docker;
  private final CredentialStore credentials;
  private final BackupStore store;
  private final Clock clock;
  private final ApplyLock lock;
  private final Duration lockTimeout;
  private final Function<Manifest, DesiredState> desired;
  private final ScheduleLog schedules;
  private final Supplier<io.orkestr.apply.Sleepers> sleepers;

  Backups(Tiers tiers, Supplier<DockerPort> docker, CredentialStore credentials, BackupStore store, Clock clock, ApplyLock lock,
      Duration lockTimeout, Function<Manifest, DesiredState> desired, ScheduleLog schedules, Supplier<io.orkestr.apply.Sleepers> sleepers) {
    this.sleepers = sleepers;
    this.tiers = tiers;
    this.docker = docker;
    this.credentials = credentials;
    this.store = store;
    this.clock = clock;
    this.lock = lock;
    this.lockTimeout = lockTimeout;
    this.desired = desired;
    this.schedules = schedules;
  }

  /** What a daemon schedules for this manifest: every add-on with automatic backups, its schedule and last automatic backup. */
  public List<BackupScheduler.Scheduled> schedules(Manifest manifest) {
    List<BackupScheduler.Scheduled> out = new ArrayList<>();
    for (Located a : all(manifest)) {
      if (!a.addOn().automaticBackups()) continue;
      Optional<java.time.Instant> last = store.list(manifest.name(), a.key()).stream()
          .filter(r -> r.kind() == BackupKind.AUTOMATIC && r.succeeded()).map(BackupRecord::created).findFirst();
      out.add(new BackupScheduler.Scheduled(ref(a), CronSchedules.INSTANCE.scheduleOf(a.key(), a.addOn().backups().schedule()), last));
    }
    return out;
  }

  /** An automatic backup (the scheduler's), verified right after when the add-on asks for it. */
  public BackupRecord automatic(Manifest manifest, String addonRef) {
    Located a = locate(manifest, addonRef);
    BackupRecord r = take(manifest, a, BackupKind.AUTOMATIC, Optional.empty());
    if (r.succeeded() && a.addOn().backups().verify()) return service().verify(target(manifest, a), r);
    return r;
  }

  /** Says which add-ons a daemon schedules now (status reads it). */
  public void recordSchedule(Manifest manifest, java.util.Map<String, java.time.Instant> next) {
    schedules.record(manifest.name(), next, clock.instant());
  }

  /** A daemon's word is taken for this long: it renews it every minute. */
  static final Duration SCHEDULE_FRESH = Duration.ofMinutes(3);
  /** A schedule's longest gap plus this, and the last success is overdue. */
  static final Duration GRACE = Duration.ofHours(1);

  /** How current each add-on's backups are (status shows it), for add-ons with automatic backups or any backup. */
  public List<Freshness> freshness(Manifest manifest) {
    java.time.Instant now = clock.instant();
    Optional<ScheduleLog.Entry> daemon = schedules.read(manifest.name()).filter(e -> e.at().isAfter(now.minus(SCHEDULE_FRESH)));
    List<Freshness> out = new ArrayList<>();
    for (Located a : all(manifest)) {
      List<BackupRecord> records = store.list(manifest.name(), a.key());
      if (!a.addOn().automaticBackups() && records.isEmpty()) continue;
      String cron = CronSchedules.INSTANCE.scheduleOf(a.key(), a.addOn().backups().schedule());
      Duration allowed = CronSchedules.INSTANCE.longestGap(cron).plus(GRACE);
      Optional<java.time.Instant> last = records.stream().filter(BackupRecord::succeeded).map(BackupRecord::created).findFirst();
      boolean scheduled = daemon.map(e -> e.next().containsKey(ref(a))).orElse(false);
      boolean overdue = a.addOn().automaticBackups() && last.map(t -> t.isBefore(now.minus(allowed))).orElse(false);
      out.add(new Freshness(a.key(), a.addOn().automaticBackups(), cron, allowed, last, scheduled, overdue));
    }
    return out;
  }

  private static String ref(Located a) {
    return a.project().name() + "/" + a.addOn().name();
  }

  private BackupService service() {
    return new BackupService(docker.get(), store, new SecretResolver(credentials), clock, sleepers.get());
  }

  /** A manual backup, if the plan allows one more today; then the plan's retention. */
  public BackupRecord create(Manifest manifest, String addonRef, Optional<String> note) {
    Located a = locate(manifest, addonRef);
    ManualBackupLimit.refusal(a.key().owner() + "/" + a.key().name(), a.tier(), tiers, store.list(manifest.name(), a.key()), clock.instant())
        .ifPresent(why -> {
          throw new UserError(why);
        });
    return take(manifest, a, BackupKind.MANUAL, note);
  }

  /** A backup of any kind (automatic ones by the scheduler), then the plan's retention; failed ones are returned, not thrown. */
  public BackupRecord take(Manifest manifest, String addonRef, BackupKind kind, Optional<String> note) {
    return take(manifest, locate(manifest, addonRef), kind, note);
  }

  private BackupRecord take(Manifest manifest, Located a, BackupKind kind, Optional<String> note) {
    BackupService backups = service();
    BackupRecord r = backups.create(target(manifest, a), kind, note);
    if (r.succeeded()) backups.prune(manifest.name(), a.key(), a.tier().backups().retention(), false);
    return r;
  }

  /** Every backup of the add-on, or of every add-on of the manifest, newest first within each. */
  public List<BackupRecord> list(Manifest manifest, Optional<String> addonRef) {
    List<BackupRecord> out = new ArrayList<>();
    for (Located a : addonRef.map(ref -> List.of(locate(manifest, ref))).orElseGet(() -> all(manifest))) {
      out.addAll(store.list(manifest.name(), a.key()));
    }
    return out;
  }

  /** When a backup is pruned: created plus the plan's retention; the newest successful one never is (empty). */
  public Optional<java.time.Instant> expires(Manifest manifest, BackupRecord r) {
    Located a = locate(manifest, r.addon().owner() + "/" + r.addon().name());
    Optional<BackupRecord> newest = store.list(manifest.name(), a.key()).stream().filter(BackupRecord::succeeded).findFirst();
    if (newest.isPresent() && newest.get().id().equals(r.id())) return Optional.empty();
    return Optional.of(r.created().plus(a.tier().backups().retention()));
  }

  public BackupRecord find(Manifest manifest, String addonRef, String id) {
    Located a = locate(manifest, addonRef);
    return store.find(manifest.name(), a.key(), id).orElseThrow(() -> new UserError("no backup " + id + " of " + addonRef
        + " in this manifest's backups", "orkestr backup list shows them"));
  }

  /**
   * Restores a backup of {@code addonRef} into {@code toRef} (itself, in place, when empty), under the
   * manifest's lock. The backup is checked first (succeeded, same engine and major, checksum); the
   * target's data is then backed up (pre-restore), so the restore can be undone. Returns that backup.
   */
  public BackupRecord restore(Manifest manifest, String addonRef, String id, Optional<String> toRef, Runnable waitingForLock) {
    BackupRecord record = find(manifest, addonRef, id);
    Located into = locate(manifest, toRef.orElse(addonRef));
    try (ApplyLock.Lease ignored = lock.acquire(manifest.name(), lockTimeout, waitingForLock)) {
      AddOnTarget target = target(manifest, into);
      BackupService backups = service();
      backups.check(target, record);
      // A sleeping (or stopped) target is brought up for the restore and put back as it was afterwards.
      return backups.withEngineUp(target, () -> {
        BackupRecord before = backups.create(target, BackupKind.PRE_RESTORE, Optional.of("before restoring " + id));
        if (!before.succeeded()) {
          throw new UserError("the pre-restore backup of " + toRef.orElse(addonRef) + " failed (" + before.failure().orElse("")
              + "); nothing was restored");
        }
        try {
          backups.restore(target, record);
        } catch (RuntimeException e) {
          throw new UserError("restoring " + id + " into " + toRef.orElse(addonRef) + " failed: " + e.getMessage()
              + "; its data is as before the restore (pre-restore backup " + before.id() + ")");
        }
        return before;
      });
    }
  }

  public BackupRecord verify(Manifest manifest, String addonRef, Optional<String> id) {
    Located a = locate(manifest, addonRef);
    BackupRecord record = id.map(i -> find(manifest, addonRef, i)).orElseGet(() -> store.list(manifest.name(), a.key()).stream()
        .filter(BackupRecord::succeeded).findFirst().orElseThrow(() -> new UserError(addonRef + " has no successful backup to verify")));
    return service().verify(target(manifest, a), record);
  }

  public void delete(Manifest manifest, String addonRef, String id) {
    store.delete(find(manifest, addonRef, id));
  }

  /** Applies every add-on's retention now (or only lists what would go). */
  public List<BackupRecord> prune(Manifest manifest, boolean dryRun) {
    List<BackupRecord> gone = new ArrayList<>();
    for (Located a : all(manifest)) gone.addAll(service().prune(manifest.name(), a.key(), a.tier().backups().retention(), dryRun));
    return gone;
  }

  /** What a major upgrade of this manifest's add-ons needs from backups (see apply.UpgradeBackups). */
  io.orkestr.apply.UpgradeBackups forUpgrades(String manifest) {
    return new io.orkestr.apply.UpgradeBackups() {
      @Override
      public String backUp(ContainerSpec after, String oldContainerId) {
        BackupRecord r = service().create(new AddOnTarget(manifest, after.key(), after, oldContainerId), BackupKind.PRE_UPGRADE,
            Optional.of("before the upgrade to " + after.engine().get().engine() + " " + after.engine().get().major()));
        if (!r.succeeded()) throw new UserError(r.failure().orElse("the backup failed"));
        return r.id();
      }

      @Override
      public void restoreInto(String backupId, ContainerSpec after, String containerId) {
        BackupRecord r = store.find(manifest, after.key(), backupId).orElseThrow();
        service().restoreIntoNewerMajor(new AddOnTarget(manifest, after.key(), after, containerId), r);
      }

      @Override
      public String check(String backupId, ContainerSpec after, String containerId) {
        BackupRecord r = store.find(manifest, after.key(), backupId).orElseThrow();
        return service().compare(new AddOnTarget(manifest, after.key(), after, containerId), r);
      }
    };
  }

  record Located(Project project, AddOn addOn, Tier tier) {
    ResourceKey key() {
      return ResourceKey.addon(project.name(), addOn.name());
    }
  }

  private List<Located> all(Manifest manifest) {
    List<Located> out = new ArrayList<>();
    for (Project p : manifest.projects()) for (AddOn a : p.addons()) out.add(new Located(p, a, tiers.get(p.plan())));
    return out;
  }

  private Located locate(Manifest manifest, String ref) {
    List<String> known = new ArrayList<>();
    for (Located a : all(manifest)) {
      String name = a.project().name() + "/" + a.addOn().name();
      if (name.equals(ref)) return a;
      known.add(name);
    }
    throw new UserError("no add-on " + ref + " in the manifest" + EditDistance.suggest(ref, known),
        known.isEmpty() ? "the manifest has no add-ons" : "add-ons are named project/addon: " + String.join(", ", known));
  }

  private AddOnTarget target(Manifest manifest, Located a) {
    ContainerSpec spec = (ContainerSpec) desired.apply(manifest).get(a.key()).orElseThrow();
    ObservedContainer c = docker.get().listContainers(Labels.MANIFEST + "=" + manifest.name()).stream()
        .filter(o -> o.key().filter(a.key()::equals).isPresent() && !o.labels().containsKey("orkestr.job")).findFirst()
        .orElseThrow(() -> new UserError(a.key().owner() + "/" + a.key().name() + " is not deployed yet", "run orkestr apply first"));
    return new AddOnTarget(manifest.name(), a.key(), spec, c.id());
  }
}

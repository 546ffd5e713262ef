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
import io.orkestr.backup.OffsiteMirror;
import io.orkestr.backup.OffsiteStores;
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
  private final OffsiteStores offsites;

  Backups(Tiers tiers, Supplier<DockerPort> docker, CredentialStore credentials, BackupStore store, Clock clock, ApplyLock lock,
      Duration lockTimeout, Function<Manifest, DesiredState> desired, ScheduleLog schedules, Supplier<io.orkestr.apply.Sleepers> sleepers,
      OffsiteStores offsites) {
    this.sleepers = sleepers;
    this.offsites = offsites;
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
    if (r.succeeded() && a.addOn().backups().verify()) return service(manifest).verify(target(manifest, a), r);
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
      Optional<Freshness.Offsite> offsite = mirror(manifest).map(m -> {
        var where = m.where(manifest.name(), a.key());
        Optional<java.time.Instant> lastCopy = where.entrySet().stream().filter(e -> e.getValue().offsite().equals("stored"))
            .map(e -> e.getKey().created()).max(java.util.Comparator.naturalOrder());
        int pending = (int) where.values().stream().filter(w -> !w.offsite().equals("stored") && !w.offsite().equals("none")).count();
        boolean reachable = where.values().stream().noneMatch(w -> w == OffsiteMirror.Where.LOCAL_OFFSITE_UNKNOWN);
        // Overdue: the newest copy (else the oldest backup still waiting for one) is older than the schedule allows.
        Optional<java.time.Instant> since = lastCopy.or(() -> where.entrySet().stream().filter(e -> e.getKey().succeeded())
            .map(e -> e.getKey().created()).min(java.util.Comparator.naturalOrder()));
        boolean late = a.addOn().automaticBackups() && since.map(t -> t.isBefore(now.minus(allowed))).orElse(false);
        return new Freshness.Offsite(lastCopy, pending, reachable, late, manifest.offsite().get().encrypted());
      });
      out.add(new Freshness(a.key(), a.addOn().automaticBackups(), cron, allowed, last, scheduled, overdue, offsite));
    }
    return out;
  }

  private static String ref(Located a) {
    return a.project().name() + "/" + a.addOn().name();
  }

  private BackupService service(Manifest manifest) {
    return new BackupService(docker.get(), store(manifest), new SecretResolver(credentials), clock, sleepers.get());
  }

  /**
   * The service on this machine's store alone: a major upgrade's backups (a saved plan carries no
   * off-site settings; those backups are listed as pending off-site).
   */
  private BackupService local() {
    return new BackupService(docker.get(), store, new SecretResolver(credentials), clock, sleepers.get());
  }

  private Optional<OffsiteMirror> mirror(Manifest manifest) {
    return manifest.offsite().map(o -> new OffsiteMirror(store, offsites.open(o)));
  }

  /** Why the manifest's off-site store cannot be used (not there, credentials refused, unreachable), in one line, or empty. */
  public Optional<String> checkOffsite(Manifest manifest) {
    return manifest.offsite().flatMap(o -> offsites.open(o).check().map(why -> "backups.offsite (" + o.url() + "): " + why));
  }

  /** A copy off-site that landed, or failed (why). */
  public record CopyOutcome(String addon, String id, Optional<String> failure) {}

  /**
   * Copies every successful backup still waiting for its off-site copy (newest first), as the
   * control plane does with backoff until they land; returns what happened to each.
   */
  public List<CopyOutcome> copyPending(Manifest manifest) {
    Optional<OffsiteMirror> mirror = mirror(manifest);
    if (mirror.isEmpty()) return List.of();
    List<CopyOutcome> out = new ArrayList<>();
    for (Located a : all(manifest)) {
      var where = mirror.get().where(manifest.name(), a.key());
      if (where.containsValue(OffsiteMirror.Where.LOCAL_OFFSITE_UNKNOWN)) {
        out.add(new CopyOutcome(ref(a), "", Optional.of("listing its copies failed: " + mirror.get().listFailure())));
        continue;
      }
      where.entrySet().stream().filter(e -> e.getValue() == OffsiteMirror.Where.LOCAL_OFFSITE_PENDING).map(java.util.Map.Entry::getKey)
          .sorted(java.util.Comparator.comparing(BackupRecord::created).reversed())
          .forEach(r -> out.add(new CopyOutcome(ref(a), r.id(), mirror.get().copyOff(r))));
    }
    return out;
  }

  /** This machine's store, mirrored to the manifest's off-site store when it names one. */
  private BackupStore store(Manifest manifest) {
    return mirror(manifest).<BackupStore>map(m -> m).orElse(store);
  }

  /**
   * A backup and where its copies are: where is "local", "local+offsite", "local (offsite pending)"
   * or "offsite"; offsite is "stored", "pending", "unknown" (the store did not answer) or "none" (no off-site store); expires: when
   * retention prunes it.
   */
  public record Listed(BackupRecord record, String where, boolean local, String offsite, Optional<java.time.Instant> expires) {}

  /**
   * Every backup of the add-on, or of every add-on, newest first within each: where its copies are
   * and when retention prunes it (the newest successful one never).
   */
  public List<Listed> listWithCopies(Manifest manifest, Optional<String> addonRef) {
    List<Listed> out = new ArrayList<>();
    BackupStore s = store(manifest);
    for (Located a : addonRef.map(ref -> List.of(locate(manifest, ref))).orElseGet(() -> all(manifest))) {
      List<Listed> mine = new ArrayList<>();
      if (s instanceof OffsiteMirror m) {
        m.where(manifest.name(), a.key()).forEach((r, w) -> mine.add(new Listed(r, w.word(), w.local(), w.offsite(), Optional.empty())));
      } else {
        s.list(manifest.name(), a.key()).forEach(r -> mine.add(new Listed(r, "local", true, "none", Optional.empty())));
      }
      mine.sort(java.util.Comparator.comparing((Listed l) -> l.record().created()).thenComparing(l -> l.record().id()).reversed());
      Optional<String> newest = mine.stream().map(Listed::record).filter(BackupRecord::succeeded).map(BackupRecord::id).findFirst();
      for (Listed l : mine) {
        boolean kept = newest.filter(l.record().id()::equals).isPresent();
        out.add(new Listed(l.record(), l.where(), l.local(), l.offsite(),
            kept ? Optional.empty() : Optional.of(l.record().created().plus(a.tier().backups().retention()))));
      }
    }
    return out;
  }

  /** Where a manifest's off-site copies go (s3://bucket/prefix), if it has a store. */
  public Optional<String> offsite(Manifest manifest) {
    return manifest.offsite().map(io.orkestr.manifest.OffsiteSettings::url);
  }

  /** Makes sure this machine holds an intact copy of the backup, fetching it back from off-site when needed (or asked). */
  private void ensureLocal(Manifest manifest, BackupRecord record, boolean fromOffsite) {
    BackupStore s = store(manifest);
    if (s instanceof OffsiteMirror m) {
      m.ensureLocal(record, fromOffsite);
    } else if (fromOffsite) {
      throw new UserError("the manifest has no off-site store (backups.offsite)", "drop --from offsite, or configure backups.offsite");
    }
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
    BackupService backups = service(manifest);
    BackupRecord r = backups.create(target(manifest, a), kind, note);
    if (r.succeeded()) backups.prune(manifest.name(), a.key(), a.tier().backups().retention(), false);
    return r;
  }

  /** Every backup of the add-on, or of every add-on of the manifest, newest first within each. */
  public List<BackupRecord> list(Manifest manifest, Optional<String> addonRef) {
    return listWithCopies(manifest, addonRef).stream().map(Listed::record).toList();
  }

  /** A backup by its id, or "latest": the newest successful one (here or, with an off-site store, there). */
  public BackupRecord find(Manifest manifest, String addonRef, String id) {
    Located a = locate(manifest, addonRef);
    BackupStore s = store(manifest);
    if (id.equals(LATEST)) {
      return s.list(manifest.name(), a.key()).stream().filter(BackupRecord::succeeded).findFirst()
          .orElseThrow(() -> new UserError(addonRef + " has no successful backup" + offsite(manifest).map(u -> " here or in " + u).orElse("")));
    }
    return s.find(manifest.name(), a.key(), id).orElseThrow(() -> new UserError("no backup " + id + " of " + addonRef
        + " in this manifest's backups", "orkestr backup list shows them"));
  }

  /** The backup id that names an add-on's newest successful backup. */
  public static final String LATEST = "latest";

  /**
   * Restores a backup of {@code addonRef} into {@code toRef} (itself, in place, when empty), under the
   * manifest's lock. The backup is checked first (succeeded, same engine and major, checksum); the
   * target's data is then backed up (pre-restore), so the restore can be undone. Returns that backup.
   */
  public BackupRecord restore(Manifest manifest, String addonRef, String id, Optional<String> toRef, Runnable waitingForLock) {
    return restore(manifest, addonRef, id, toRef, false, waitingForLock);
  }

  /**
   * As restore, from the off-site copy when this machine has none or a damaged one, or when
   * fromOffsite says so (the copy fetched back becomes the local one once it passes its checks).
   */
  public BackupRecord restore(Manifest manifest, String addonRef, String id, Optional<String> toRef, boolean fromOffsite,
      Runnable waitingForLock) {
    BackupRecord record = find(manifest, addonRef, id);
    Located into = locate(manifest, toRef.orElse(addonRef));
    try (ApplyLock.Lease ignored = lock.acquire(manifest.name(), lockTimeout, waitingForLock)) {
      AddOnTarget target = target(manifest, into);
      ensureLocal(manifest, record, fromOffsite);
      BackupService backups = service(manifest);
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
    return verify(manifest, addonRef, id, false);
  }

  /** Verifies a backup (default: the newest successful one), fetched back from off-site first as restore does. */
  public BackupRecord verify(Manifest manifest, String addonRef, Optional<String> id, boolean fromOffsite) {
    Located a = locate(manifest, addonRef);
    BackupRecord record = find(manifest, addonRef, id.orElse(LATEST));
    ensureLocal(manifest, record, fromOffsite);
    return service(manifest).verify(target(manifest, a), record);
  }

  /** Deletes a backup: both copies, when there is an off-site store. */
  public void delete(Manifest manifest, String addonRef, String id) {
    store(manifest).delete(find(manifest, addonRef, id));
  }

  /** Applies every add-on's retention now (or only lists what would go). */
  public List<BackupRecord> prune(Manifest manifest, boolean dryRun) {
    List<BackupRecord> gone = new ArrayList<>();
    for (Located a : all(manifest)) gone.addAll(service(manifest).prune(manifest.name(), a.key(), a.tier().backups().retention(), dryRun));
    return gone;
  }

  /** What a major upgrade of this manifest's add-ons needs from backups (see apply.UpgradeBackups). */
  io.orkestr.apply.UpgradeBackups forUpgrades(String manifest) {
    return new io.orkestr.apply.UpgradeBackups() {
      @Override
      public String backUp(ContainerSpec after, String oldContainerId) {
        BackupRecord r = local().create(new AddOnTarget(manifest, after.key(), after, oldContainerId), BackupKind.PRE_UPGRADE,
            Optional.of("before the upgrade to " + after.engine().get().engine() + " " + after.engine().get().major()));
        if (!r.succeeded()) throw new UserError(r.failure().orElse("the backup failed"));
        return r.id();
      }

      @Override
      public void restoreInto(String backupId, ContainerSpec after, String containerId) {
        BackupRecord r = store.find(manifest, after.key(), backupId).orElseThrow();
        local().restoreIntoNewerMajor(new AddOnTarget(manifest, after.key(), after, containerId), r);
      }

      @Override
      public String check(String backupId, ContainerSpec after, String containerId) {
        BackupRecord r = store.find(manifest, after.key(), backupId).orElseThrow();
        return local().compare(new AddOnTarget(manifest, after.key(), after, containerId), r);
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

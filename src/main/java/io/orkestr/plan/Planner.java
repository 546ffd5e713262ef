package io.orkestr.plan;

import io.orkestr.actual.ActualState;
import io.orkestr.actual.ContainerState;
import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.desired.Access;
import io.orkestr.desired.DiskPlacement;
import io.orkestr.desired.DockerNames;
import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.VolumeMount;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.Resource;
import io.orkestr.desired.ResourceKey;
import io.orkestr.diff.Differ;
import io.orkestr.diff.Field;
import io.orkestr.diff.FieldChange;
import io.orkestr.diff.ResourceDiff;
import io.orkestr.error.ConflictError;
import io.orkestr.error.UserError;
import io.orkestr.manifest.Engine;
import io.orkestr.tier.ByteSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Planner turns the diff into actions: create what is missing, update in place what Docker can
 * change live (limits, a stopped container), replace what it cannot, delete what the manifest no
 * longer has (data volumes only on purge), and refuse what would lose data (a Postgres major
 * version change on existing data).
 */
public final class Planner {
  private final SubnetPool subnets;
  private final DiskPlacement disks;

  public Planner(SubnetPool subnets) {
    this(subnets, DiskPlacement.off(""));
  }

  /** disks: whether this host makes size-limited disks, for the plan's notes and refusals. */
  public Planner(SubnetPool subnets, DiskPlacement disks) {
    this.subnets = subnets;
    this.disks = disks;
  }

  public Plan plan(DesiredState desired, ActualState actual, PlanOptions options) {
    refuseForeignProjects(desired, actual);
    Map<ResourceKey, List<Observed>> owned = actual.ownedBy(desired.manifest());
    desired = onCurrentVolumes(desired, owned);
    Set<String> usedSubnets = new TreeSet<>(actual.usedSubnets());
    List<PlannedChange> changes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Set<ResourceKey> disksThatOnlyGrow = new TreeSet<>();
    for (ResourceDiff d : Differ.diff(desired, owned)) {
      if (growsOnly(d)) disksThatOnlyGrow.add(d.key());
      Optional<String> lostDisk = d.desired().filter(ContainerSpec.class::isInstance).flatMap(c -> lostDisk((ContainerSpec) c, owned));
      if (lostDisk.isPresent()) {
        changes.add(new PlannedChange(d.key(), d.isMissing() ? Action.CREATE : Action.REPLACE, reasons(d.changes()), d.desired(),
            d.observed(), lostDisk));
      } else if (d.isMissing()) {
        changes.add(create(d, usedSubnets));
      } else if (d.isUnwanted()) {
        if (d.key().kind() == ResourceKey.Kind.VOLUME && !options.purgeData()) {
          notes.add("data volume " + d.key() + " (" + d.observed().get(0).name() + ") is kept; --purge-data deletes it");
        } else {
          changes.add(new PlannedChange(d.key(), Action.DELETE, List.of(new Reason("not in the manifest")), Optional.empty(),
              d.observed(), Optional.empty()));
        }
      } else if (d.has(Field.DATA_MAJOR) && !d.observed().isEmpty()) {
        changes.add(majorChange(d, owned));
      } else if (d.has(Field.DISK) && d.changes().stream().anyMatch(f -> f.before().equals("missing"))) {
        String name = ((VolumeSpec) d.desired().get()).diskVolume().orElseThrow().dockerName();
        changes.add(new PlannedChange(d.key(), Action.UPDATE, reasons(d.changes()), d.desired(), d.observed(), Optional.of(
            d.key() + ": the disk of volume " + name + " is gone from " + ((VolumeSpec) d.desired().get()).disk().get().directory()
                + ", and the database on it with it; orkestr does not make an empty one in its place. Restore the disk's image file,"
                + " or remove the add-on (destroy --purge-data) and restore it from a backup")));
      } else if (d.has(Field.DISK) && !disks.growsOnline() && d.changes().stream().noneMatch(f -> f.after().equals("mounted") || f.before().equals("none"))) {
        PlannedChange grow = existing(d);
        List<Reason> why = new ArrayList<>(grow.reasons());
        why.add(new Reason("the add-on stops while its disk grows: this host cannot grow a mounted file system (no CAP_SYS_RESOURCE)"));
        changes.add(new PlannedChange(grow.key(), grow.action(), why, grow.after(), grow.before(), grow.refusal()));
      } else {
        changes.add(holdIfManual(existing(d), d, options));
      }
    }
    notes.addAll(keptVolumes(desired, owned));
    notes.addAll(diskNotes(desired, owned));
    for (ContainerSpec c : desired.containers()) {
      if (c.addOn().map(a -> a.access() == Access.SUPERUSER).orElse(false)) {
        notes.add("WARNING: " + c.key() + " gives apps a superuser (superuser: true): they can run programs inside the add-on,"
            + " read its files and lift every limit its plan sets");
      }
    }
    return new Plan(desired.manifest(), actual.fingerprint(desired.manifest()), growWhileReplaced(changes, disksThatOnlyGrow), notes);
  }

  /**
   * A disk that only grows, for an add-on that is replaced anyway (a larger plan restarts Postgres
   * for its shared memory): it grows while the add-on is stopped for the replace, one stop instead
   * of two, and the plan counts one change, the add-on's.
   */
  private static List<PlannedChange> growWhileReplaced(List<PlannedChange> changes, Set<ResourceKey> growing) {
    Map<ResourceKey, PlannedChange> byKey = new java.util.HashMap<>();
    for (PlannedChange c : changes) byKey.put(c.key(), c);
    List<PlannedChange> out = new ArrayList<>();
    for (PlannedChange c : changes) {
      PlannedChange addOn = byKey.get(ResourceKey.addon(c.key().owner(), c.key().name()));
      if (c.key().kind() == ResourceKey.Kind.VOLUME && onlyGrows(c, growing) && addOn != null && addOn.action() == Action.REPLACE
          && addOn.upgrade().isEmpty() && addOn.refusal().isEmpty()) {
        out.add(new PlannedChange(c.key(), Action.NO_OP, List.of(), c.after(), c.before(), Optional.empty()));
      } else if (c.key().kind() == ResourceKey.Kind.ADDON && c.action() == Action.REPLACE && c.upgrade().isEmpty()
          && byKey.containsKey(ResourceKey.volume(c.key().owner(), c.key().name()))
          && onlyGrows(byKey.get(ResourceKey.volume(c.key().owner(), c.key().name())), growing)) {
        List<Reason> why = new ArrayList<>(c.reasons());
        why.add(new Reason(byKey.get(ResourceKey.volume(c.key().owner(), c.key().name())).reasons().get(0) + " (grown while it is stopped)"));
        out.add(new PlannedChange(c.key(), c.action(), why, c.after(), c.before(), c.refusal(), c.upgrade()));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean onlyGrows(PlannedChange c, Set<ResourceKey> growing) {
    return growing.contains(c.key()) && c.action() == Action.UPDATE && c.refusal().isEmpty();
  }

  /** A volume whose only change is its disk growing ("disk 1.11 GiB -> 11.1 GiB"): not a mount, a new disk or a missing one. */
  private static boolean growsOnly(ResourceDiff d) {
    return d.key().kind() == ResourceKey.Kind.VOLUME && !d.changes().isEmpty() && d.changes().stream().allMatch(f -> f.field() == Field.DISK
        && !List.of("none", "missing", "not mounted").contains(f.before()));
  }

  private PlannedChange create(ResourceDiff d, Set<String> usedSubnets) {
    Resource after = d.desired().get();
    if (after instanceof NetworkSpec n) {
      String subnet = subnets.allocate(n.key(), usedSubnets).orElseThrow(() -> new UserError(
          "no free /24 subnet left in the pool " + subnets + " for " + n.key(),
          "set ORKESTR_SUBNET_POOL to a larger range"));
      usedSubnets.add(subnet);
      after = n.withSubnet(subnet);
    }
    return new PlannedChange(d.key(), Action.CREATE, reasons(d.changes()), Optional.of(after), List.of(), refusal(d));
  }

  /**
   * A Postgres add-on whose data volume holds an older major's data: a major upgrade onto a new
   * volume (the old one kept); a newer major's data is a downgrade, refused.
   */
  private static PlannedChange majorChange(ResourceDiff d, Map<ResourceKey, List<Observed>> owned) {
    FieldChange f = d.changes().stream().filter(c -> c.field() == Field.DATA_MAJOR).findFirst().orElseThrow();
    int from = Integer.parseInt(f.before().replaceAll("\\D", ""));
    int to = Integer.parseInt(f.after().replaceAll("\\D", ""));
    ContainerSpec want = (ContainerSpec) d.desired().orElseThrow();
    if (to < from) {
      String why = d.key() + ": " + f.before() + " -> " + f.after() + " is a downgrade; its data volume holds " + f.before()
          + " data, which " + f.after() + " cannot open, and orkestr does not move data to an older major: keep version " + from;
      return new PlannedChange(d.key(), Action.REPLACE, reasons(d.changes()), d.desired(), d.observed(), Optional.of(why));
    }
    VolumeMount data = want.mounts().get(0);
    String fromVolume = owned.getOrDefault(data.volume(), List.of()).stream()
        .filter(o -> o instanceof ObservedVolume v && v.dataMajor().equals(Optional.of(from))).map(Observed::name).findFirst()
        .orElse(data.volumeName());
    String toVolume = DockerNames.upgradedVolume(d.key().owner(), d.key().name(), to);
    return new PlannedChange(d.key(), Action.REPLACE, List.of(new Reason("dump, restore into a new volume, verify, switch; the old volume is kept")),
        Optional.of(want.withDataVolume(toVolume)), d.observed(), Optional.empty(),
        Optional.of(new MajorUpgrade(want.engine().get().engine(), from, to, fromVolume, toVolume)));
  }

  /**
   * The desired state with each Postgres add-on on the volume that holds its major's data, when a
   * major upgrade moved it to one of another name; a plan compares against that volume.
   */
  private static DesiredState onCurrentVolumes(DesiredState desired, Map<ResourceKey, List<Observed>> owned) {
    List<io.orkestr.desired.Resource> out = new ArrayList<>(desired.resources().values());
    for (int i = 0; i < out.size(); i++) {
      if (!(out.get(i) instanceof ContainerSpec c) || c.engine().isEmpty() || !c.engine().get().dataTiedToMajor()) continue;
      VolumeMount data = c.mounts().get(0);
      Optional<String> current = Differ.currentVolume(c, owned).map(Observed::name);
      if (current.isEmpty() || current.get().equals(data.volumeName())) continue;
      out.set(i, c.withDataVolume(current.get()));
      for (int j = 0; j < out.size(); j++) {
        if (out.get(j) instanceof VolumeSpec v && v.key().equals(data.volume())) out.set(j, v.named(current.get()));
      }
    }
    return DesiredState.of(desired.manifest(), out);
  }

  /**
   * An add-on whose database lives on a disk this orkestr cannot reach (disks off, not root, the
   * engine elsewhere): replaced without its disk, Postgres would not find the database. Refused.
   */
  private Optional<String> lostDisk(ContainerSpec c, Map<ResourceKey, List<Observed>> owned) {
    if (c.addOn().isEmpty() || disks.enabled() || c.mounts().isEmpty()) return Optional.empty();
    boolean onDisk = owned.getOrDefault(c.mounts().get(0).volume(), List.of()).stream().anyMatch(o -> o instanceof ObservedVolume v && v.onDisk());
    if (!onDisk || c.mounts().stream().anyMatch(m -> m.disk().isPresent())) return Optional.empty();
    return Optional.of(c.key() + " keeps its database on a size-limited disk, which this orkestr cannot manage (" + disks.unavailable()
        + "); run orkestr as root on the engine's host, where it made the disk");
  }

  /** What the plan's storage rests on where there is no disk, and disks larger than their plan asks. */
  private List<String> diskNotes(DesiredState desired, Map<ResourceKey, List<Observed>> owned) {
    List<String> notes = new ArrayList<>();
    for (ContainerSpec c : desired.containers()) {
      if (c.engine().isEmpty() || !EngineProfile.of(Engine.of(c.engine().get().engine()))
          .spaceMount().isPresent()) continue;
      if (!disks.enabled()) {
        if (disks.unavailable().isEmpty()) continue;
        notes.add("the storage of " + c.key() + " is held by orkestr's read-only switch alone, without a size-limited disk: "
            + disks.unavailable());
        continue;
      }
      for (VolumeMount m : c.mounts()) {
        if (m.disk().isEmpty()) continue;
        owned.getOrDefault(m.volume(), List.of()).stream().filter(o -> o instanceof ObservedVolume v && v.name().equals(m.volumeName()))
            .map(ObservedVolume.class::cast).flatMap(v -> v.disk().stream())
            .filter(disk -> disk.bytes() > m.disk().get().bytes()).findFirst()
            .ifPresent(disk -> notes.add("the disk of " + c.key() + " stays at " + ByteSize.format(disk.bytes())
                + " (its plan asks " + ByteSize.format(m.disk().get().bytes()) + "): orkestr grows disks but does not"
                + " shrink them; the read-only switch holds the plan's storage"));
      }
    }
    return notes;
  }

  /** Volumes an upgrade left behind: older majors' data, kept until a purge. */
  private static List<String> keptVolumes(DesiredState desired, Map<ResourceKey, List<Observed>> owned) {
    List<String> notes = new ArrayList<>();
    for (ContainerSpec c : desired.containers()) {
      if (c.engine().isEmpty() || !c.engine().get().dataTiedToMajor()) continue;
      int major = c.engine().get().major();
      List<Observed> volumes = owned.getOrDefault(c.mounts().get(0).volume(), List.of());
      boolean current = Differ.currentVolume(c, owned).isPresent();
      for (Observed o : volumes) {
        if (current && o instanceof ObservedVolume v && v.dataMajor().isPresent() && v.dataMajor().get() < major) {
          notes.add("data volume " + v.name() + " holds the " + c.engine().get().engine() + " " + v.dataMajor().get() + " data of " + c.key()
              + " from before its upgrade to " + major + "; it is kept until destroy --purge-data");
        }
      }
    }
    return notes;
  }

  private static PlannedChange existing(ResourceDiff d) {
    if (d.changes().isEmpty()) {
      return new PlannedChange(d.key(), Action.NO_OP, List.of(), d.desired(), d.observed(), Optional.empty());
    }
    boolean dead = d.observed().get(0) instanceof ObservedContainer c && c.state() == ContainerState.DEAD;
    Action action = d.allLive() && !dead ? Action.UPDATE : Action.REPLACE;
    List<Reason> why = new ArrayList<>(reasons(d.changes()));
    if (d.has(Field.WRITES)) why.add(writesReason(d));
    return new PlannedChange(d.key(), action, why, d.desired(), d.observed(), refusal(d));
  }

  /** Why apps' writes switch: what the add-on held at its last storage check, against its plan's storage. */
  private static Reason writesReason(ResourceDiff d) {
    var measured = ((ObservedContainer) d.observed().get(0)).storage().orElseThrow();
    long limit = ((ContainerSpec) d.desired().orElseThrow()).addOn().orElseThrow().storage().orElseThrow().limitBytes();
    boolean over = measured.usedBytes() > limit;
    return new Reason("it held " + ByteSize.format(measured.usedBytes()) + " at its last storage check (" + measured.at() + "), "
        + (over ? "more" : "no more") + " than its plan's " + ByteSize.format(limit) + "; apply measures again before it switches");
  }

  /**
   * An app with redeploy: manual keeps running with its old variables: a replace caused only by its
   * environment becomes pending until `orkestr deploy --app` names it.
   */
  private static PlannedChange holdIfManual(PlannedChange c, ResourceDiff d, PlanOptions options) {
    boolean envOnly = !d.changes().isEmpty() && d.changes().stream().allMatch(f -> f.field() == Field.ENV);
    if (c.action() != Action.REPLACE || !envOnly || !options.manualRedeploy().contains(c.key()) || options.deploy().contains(c.key())) {
      return c;
    }
    List<Reason> pending = new ArrayList<>();
    for (FieldChange f : d.changes()) {
      if (f.field() == Field.ENV) pending.add(new Reason("redeploy pending (" + f + "): run orkestr deploy --app "
          + c.key().owner() + "/" + c.key().name()));
    }
    return new PlannedChange(c.key(), Action.NO_OP, pending, c.after(), c.before(), Optional.empty());
  }

  private static List<Reason> reasons(List<FieldChange> changes) {
    return changes.stream().map(c -> new Reason(c.toString())).toList();
  }

  private static Optional<String> refusal(ResourceDiff d) {
    return d.changes().stream().filter(c -> c.field() == Field.DATA_MAJOR).findFirst().map(c ->
        d.key() + ": " + c.before() + " -> " + c.after() + " needs its data moved; its data volume holds "
            + c.before() + " data, which " + c.after() + " cannot open, and no container of it runs to dump it from."
            + " Apply it with version " + c.before().replace("postgres ", "") + " first, then change the version: orkestr upgrades"
            + " through a dump and a restore");
  }

  private static void refuseForeignProjects(DesiredState desired, ActualState actual) {
    Map<String, String> foreign = actual.projectsOfOtherManifests(desired.manifest());
    List<String> clashes = new ArrayList<>();
    for (String project : desired.projects()) {
      if (foreign.containsKey(project)) clashes.add(project + " (owned by manifest \"" + foreign.get(project) + "\")");
    }
    if (!clashes.isEmpty()) {
      throw new ConflictError("project " + String.join(", ", clashes) + " already exists on this Docker engine",
          "rename the project, or give this manifest the owner's name with `name:` to take it over");
    }
  }
}

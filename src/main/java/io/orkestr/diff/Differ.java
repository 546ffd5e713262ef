package io.orkestr.diff;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.Sleep;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.desired.Access;
import io.orkestr.desired.AddOnRuntime;
import io.orkestr.desired.ConfigHash;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.Labels;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.Resource;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeMount;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.tier.ByteSize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Differ compares desired state with what a manifest owns in Docker, key by key. Containers are
 * compared through orkestr's own labels (config and part hashes, created limits) plus what the
 * list call shows (state, networks), so a plan needs no per-container call unless limits were
 * changed live since creation.
 */
public final class Differ {
  private Differ() {}

  public static List<ResourceDiff> diff(DesiredState desired, Map<ResourceKey, List<Observed>> owned) {
    Set<ResourceKey> keys = new TreeSet<>(desired.resources().keySet());
    keys.addAll(owned.keySet());
    List<ResourceDiff> out = new ArrayList<>();
    for (ResourceKey key : keys) {
      Optional<Resource> want = desired.get(key);
      List<Observed> have = owned.getOrDefault(key, List.of());
      if (want.isPresent() && want.get() instanceof ContainerSpec spec) {
        out.add(container(spec, have, owned));
      } else if (want.isPresent() && want.get() instanceof VolumeSpec v && v.disk().isPresent()) {
        out.add(disk(v, have));
      } else {
        out.add(new ResourceDiff(key, want, have, List.of()));
      }
    }
    return out;
  }

  private static ResourceDiff container(ContainerSpec want, List<Observed> have, Map<ResourceKey, List<Observed>> owned) {
    List<ObservedContainer> containers = new ArrayList<>();
    for (Observed o : have) if (o instanceof ObservedContainer c) containers.add(c);
    containers.sort(keepFirst(want));
    List<FieldChange> changes = new ArrayList<>();
    dataMajor(want, owned).ifPresent(changes::add);
    if (!containers.isEmpty()) {
      changes.addAll(containerChanges(want, containers.get(0)));
      if (containers.size() > 1) {
        changes.add(new FieldChange(Field.DUPLICATES, containers.size() + " containers", "1"));
      }
    }
    return new ResourceDiff(want.key(), Optional.of(want), new ArrayList<>(containers), changes);
  }

  /**
   * A data volume with a disk: the data volume of its name (a major upgrade leaves the old major's
   * under the same key), the disk volume beside it, and whether that disk is there, mounted, and as
   * large as the plan's storage asks. A larger disk than asked stays as it is (see Planner's note):
   * shrinking a file system needs the add-on stopped.
   */
  private static ResourceDiff disk(VolumeSpec want, List<Observed> have) {
    Optional<ObservedVolume> data = named(have, want.dockerName());
    if (data.isEmpty()) return new ResourceDiff(want.key(), Optional.of(want), List.of(), List.of());
    long bytes = want.disk().get().bytes();
    Optional<ObservedVolume> beside = named(have, want.diskVolume().orElseThrow().dockerName()).filter(ObservedVolume::onDisk);
    List<FieldChange> changes = new ArrayList<>();
    List<Observed> observed = new ArrayList<>(List.of(data.get()));
    if (beside.isEmpty()) {
      // Data from before disks (or made where there were none): its database moves onto one.
      changes.add(new FieldChange(Field.DISK, "none", ByteSize.format(bytes)));
    } else {
      observed.add(beside.get());
      Optional<io.orkestr.actual.ObservedDisk> disk = beside.get().disk();
      if (disk.isEmpty() || !disk.get().mounted()) {
        changes.add(new FieldChange(Field.DISK, disk.isEmpty() ? "missing" : "not mounted", "mounted"));
      } else if (disk.get().bytes() < bytes) {
        changes.add(new FieldChange(Field.DISK, ByteSize.format(disk.get().bytes()), ByteSize.format(bytes)));
      }
    }
    return new ResourceDiff(want.key(), Optional.of(want), observed, changes);
  }

  private static Optional<ObservedVolume> named(List<Observed> have, String name) {
    return have.stream().filter(o -> o instanceof ObservedVolume v && v.name().equals(name)).map(ObservedVolume.class::cast).findFirst();
  }

  /** The container to keep: same config, running, newest. */
  private static Comparator<ObservedContainer> keepFirst(ContainerSpec want) {
    return Comparator.<ObservedContainer, Boolean>comparing(c -> !c.configHash().equals(want.configHash()))
        .thenComparing(c -> c.state() != ContainerState.RUNNING)
        .thenComparing(c -> -c.createdEpochSeconds())
        .thenComparing(ObservedContainer::id);
  }

  static List<FieldChange> containerChanges(ContainerSpec want, ObservedContainer have) {
    List<FieldChange> changes = new ArrayList<>();
    if (!want.configHash().equals(have.configHash())) changes.addAll(configChanges(want, have));
    Limits w = want.limits();
    Limits h = have.limits();
    if (w.nanoCpus() != h.nanoCpus()) changes.add(new FieldChange(Field.CPU, cpu(h.nanoCpus()), cpu(w.nanoCpus())));
    if (w.memoryBytes() != h.memoryBytes()) {
      changes.add(new FieldChange(Field.MEMORY, memory(h.memoryBytes()), memory(w.memoryBytes())));
    }
    Optional<Sleep> asleep = have.asleep();
    if (have.state() == ContainerState.CREATED) {
      changes.add(new FieldChange(Field.NEVER_STARTED, "created, never started", "made again"));
    } else if (asleep.isPresent()) {
      // Asleep as its plan allows is as it should be; one whose plan no longer lets it sleep is woken.
      if (!want.addOn().map(AddOnRuntime::maySleep).orElse(false)) {
        changes.add(new FieldChange(Field.STATE, asleep.get().stage().word() + " (asleep)", "awake"));
      }
    } else if (have.state() != ContainerState.RUNNING && have.state() != ContainerState.RESTARTING) {
      changes.add(new FieldChange(Field.STATE, have.state().word(), "running"));
    }
    want.addOn().flatMap(a -> access(a, have)).ifPresent(changes::add);
    want.addOn().flatMap(a -> liveSettings(a, have)).ifPresent(changes::add);
    want.addOn().flatMap(a -> writes(a, have)).ifPresent(changes::add);
    if (want.configHash().equals(have.configHash())) {
      connections(want, have).ifPresent(changes::add);
      // An apply interrupted during a create-before-destroy leaves the new container under a temporary name.
      if (!have.name().equals(want.dockerName())) changes.add(new FieldChange(Field.NAME, have.name(), want.dockerName()));
    }
    return changes;
  }

  /**
   * Apps' writes switched off (or on) when the add-on's storage, as last measured in a running
   * add-on, is over its plan's storage but writable (or back under but read-only).
   */
  private static Optional<FieldChange> writes(AddOnRuntime want, ObservedContainer have) {
    if (!want.hasReadOnlySwitch() || have.storage().isEmpty() || have.state() != ContainerState.RUNNING) return Optional.empty();
    boolean over = have.storage().get().usedBytes() > want.storage().get().limitBytes();
    if (over == have.storage().get().readOnly()) return Optional.empty();
    return Optional.of(new FieldChange(Field.WRITES, writesWord(!over), writesWord(over)));
  }

  /** How a read-only (or writable) add-on reads in a plan: "apps read-write -> read-only". */
  public static String writesWord(boolean readOnly) {
    return readOnly ? "read-only" : "read-write";
  }

  private static List<FieldChange> configChanges(ContainerSpec want, ObservedContainer have) {
    List<FieldChange> changes = new ArrayList<>();
    Map<String, String> wantParts = ConfigHash.parsePartsLabel(want.labels().get(Labels.PART_HASHES));
    Map<String, String> haveParts = ConfigHash.parsePartsLabel(have.labels().get(Labels.PART_HASHES));
    String haveVersion = have.labels().getOrDefault(Labels.ENGINE_VERSION, "");
    String wantVersion = want.engine().map(e -> e.version()).orElse("");
    if (!haveVersion.equals(wantVersion) && !haveVersion.isEmpty()) {
      changes.add(new FieldChange(Field.VERSION, haveVersion, wantVersion));
    }
    for (Map.Entry<String, String> part : wantParts.entrySet()) {
      if (part.getValue().equals(haveParts.get(part.getKey()))) continue;
      switch (part.getKey()) {
        case "image":
          changes.add(new FieldChange(Field.IMAGE, have.labels().getOrDefault(Labels.IMAGE, have.image()), want.image()));
          break;
        case "env":
          changes.add(envChange(want, have));
          break;
        case "command":
          changes.add(want.addOn().isPresent() ? restartSettings(want.addOn().get(), have) : FieldChange.changed(Field.COMMAND));
          break;
        case "files": changes.add(FieldChange.changed(Field.FILES)); break;
        case "networks": changes.add(FieldChange.changed(Field.NETWORKS)); break;
        case "mounts": changes.add(FieldChange.changed(Field.MOUNTS)); break;
        case "ports": changes.add(FieldChange.changed(Field.PORTS)); break;
        case "healthcheck": changes.add(FieldChange.changed(Field.HEALTHCHECK)); break;
        default: changes.add(FieldChange.changed(Field.CONFIG));
      }
    }
    if (changes.isEmpty()) changes.add(FieldChange.changed(Field.CONFIG));
    return changes;
  }

  /** The restart settings that differ ("shared_buffers 64MB -> 256MB"), or that the add-on ran on the engine's defaults. */
  private static FieldChange restartSettings(AddOnRuntime want, ObservedContainer have) {
    if (!have.labels().containsKey(Labels.SETTINGS)) return new FieldChange(Field.RESTART_SETTINGS, "engine defaults", "sized for the plan");
    Map<String, String> before = new TreeMap<>(have.settings());
    before.keySet().removeAll(want.settings().live().keySet());
    before.keySet().removeIf(k -> isLiveKey(want, k));
    String changed = settingChanges(before, want.settings().restart());
    return changed.isEmpty() ? FieldChange.changed(Field.COMMAND) : new FieldChange(Field.RESTART_SETTINGS, "", changed);
  }

  /** Live settings that differ from those the container has now (created with, or applied live since). */
  private static Optional<FieldChange> liveSettings(AddOnRuntime want, ObservedContainer have) {
    if (!have.labels().containsKey(Labels.SETTINGS)) return Optional.empty(); // made before settings: replaced anyway
    Map<String, String> before = new TreeMap<>(have.settings());
    before.keySet().removeAll(want.settings().restart().keySet());
    before.keySet().removeIf(k -> !want.settings().live().containsKey(k) && !isLiveKey(want, k));
    String changed = settingChanges(before, want.settings().live());
    return changed.isEmpty() ? Optional.empty() : Optional.of(new FieldChange(Field.SETTINGS, "", changed));
  }

  /** Whether the add-on's engine applies a setting live (one the add-on no longer has, too). */
  private static boolean isLiveKey(AddOnRuntime want, String key) {
    return EngineProfile.of(want.engine().engine()).appliesLive(key);
  }

  /** "work_mem 2MB -> 4MB, jit off -> (engine default)". */
  private static String settingChanges(Map<String, String> before, Map<String, String> after) {
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      String b = before.get(k);
      String a = after.get(k);
      if (java.util.Objects.equals(a, b)) continue;
      parts.add(k + " " + (b == null ? "(engine default)" : b) + " -> " + (a == null ? "(engine default)" : a));
    }
    return String.join(", ", parts);
  }

  /** Apps' access changing: from a superuser (add-ons made before orkestr kept its own role, or opted in) to a restricted role, or back. */
  private static Optional<FieldChange> access(AddOnRuntime want, ObservedContainer have) {
    String before = have.access().orElse(Access.SUPERUSER.word());
    if (before.equals(want.access().word())) return Optional.empty();
    return Optional.of(new FieldChange(Field.ACCESS, "apps as " + before, "apps as " + want.access().word()));
  }

  /** "+DATABASE_URL, -OLD, ~LOG_LEVEL": names only, never values. */
  private static FieldChange envChange(ContainerSpec want, ObservedContainer have) {
    Set<String> before = new TreeSet<>();
    String label = have.labels().getOrDefault(Labels.ENV_NAMES, "");
    if (!label.isEmpty()) before.addAll(List.of(label.split(",")));
    Set<String> after = new TreeSet<>(want.env().keySet());
    List<String> parts = new ArrayList<>();
    for (String n : after) if (!before.contains(n)) parts.add("+" + n);
    for (String n : before) if (!after.contains(n)) parts.add("-" + n);
    return parts.isEmpty() ? new FieldChange(Field.ENV, "", "values changed") : new FieldChange(Field.ENV, "", String.join(", ", parts));
  }

  /** Networks it should be on but is not (reconnect), and networks it was connected to by hand (disconnect). */
  private static Optional<FieldChange> connections(ContainerSpec want, ObservedContainer have) {
    List<String> parts = new ArrayList<>();
    Set<String> wanted = new TreeSet<>();
    for (NetworkAttachment n : want.networks()) wanted.add(n.networkName());
    for (String n : wanted) if (!have.networks().containsKey(n)) parts.add("+" + n);
    for (String n : have.networks().keySet()) if (!wanted.contains(n)) parts.add("-" + n);
    return parts.isEmpty() ? Optional.empty() : Optional.of(new FieldChange(Field.CONNECTIONS, "", String.join(", ", parts)));
  }

  /** A volume that holds another major version's data its engine cannot open (Postgres), whether or not a container runs on it. */
  private static Optional<FieldChange> dataMajor(ContainerSpec want, Map<ResourceKey, List<Observed>> owned) {
    if (want.engine().isEmpty() || !want.engine().get().dataTiedToMajor()) return Optional.empty();
    int major = want.engine().get().major();
    for (VolumeMount m : want.mounts()) {
      List<Observed> volumes = owned.getOrDefault(m.volume(), List.of());
      // A volume with this major's data is the current one (a major upgrade made it); older ones are kept, not opened.
      if (currentVolume(want, owned).isPresent()) continue;
      for (Observed o : volumes) {
        if (o instanceof ObservedVolume v && v.dataMajor().isPresent() && v.dataMajor().get() != major) {
          return Optional.of(new FieldChange(Field.DATA_MAJOR, "postgres " + v.dataMajor().get(), "postgres " + major));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The volume holding the data of the add-on's major version, when a major upgrade made one. It is
   * current only once the upgrade switched over: a container of this major runs on it, or no
   * container of the add-on is left. One an interrupted upgrade left behind, next to the old
   * version's container, is not.
   */
  public static Optional<ObservedVolume> currentVolume(ContainerSpec want, Map<ResourceKey, List<Observed>> owned) {
    if (want.engine().isEmpty() || want.mounts().isEmpty()) return Optional.empty();
    int major = want.engine().get().major();
    Optional<ObservedVolume> volume = owned.getOrDefault(want.mounts().get(0).volume(), List.of()).stream()
        .filter(o -> o instanceof ObservedVolume v && v.dataMajor().equals(Optional.of(major))).map(ObservedVolume.class::cast).findFirst();
    List<Observed> containers = owned.getOrDefault(want.key(), List.of());
    boolean switched = containers.isEmpty() || containers.stream().anyMatch(o -> o instanceof ObservedContainer c
        && majorOf(c.labels().getOrDefault(Labels.ENGINE_VERSION, "")) == major);
    return switched ? volume : Optional.empty();
  }

  private static int majorOf(String version) {
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static String cpu(long nanoCpus) {
    return nanoCpus == 0 ? "unlimited" : BigDecimal.valueOf(nanoCpus, 9).stripTrailingZeros().toPlainString();
  }

  public static String memory(long bytes) {
    return bytes == 0 ? "unlimited" : ByteSize.format(bytes);
  }
}

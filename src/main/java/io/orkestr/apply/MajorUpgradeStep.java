package io.orkestr.apply;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Labels;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.docker.DockerPort;
import io.orkestr.plan.MajorUpgrade;
import io.orkestr.plan.PlannedChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * MajorUpgradeStep moves a Postgres add-on to a newer major version through a dump and a restore:
 * (1) a pre-upgrade backup of the running old version; (2) a new volume; (3) the new version on it,
 * under a temporary name on a network of its own, with the backup restored into it; (4) a check that
 * every table has the rows the backup recorded; (5) the switch: the old container steps aside, the
 * new version starts under the add-on's name and address on the new volume, and the old container
 * goes. The old volume is kept. If any step fails, what it made is removed and the old version keeps
 * running on its untouched data; the error names the step.
 */
final class MajorUpgradeStep {
  static final String SUPERSEDES = "orkestr.supersedes";
  private static final int STEPS = 5;

  private final DockerPort docker;
  private final ContainerStep containers;
  private final UpgradeBackups backups;
  private final ApplySettings settings;

  private final VolumeStep volumes;

  MajorUpgradeStep(DockerPort docker, ContainerStep containers, UpgradeBackups backups, ApplySettings settings, VolumeStep volumes) {
    this.volumes = volumes;
    this.docker = docker;
    this.containers = containers;
    this.backups = backups;
    this.settings = settings;
  }

  String run(PlannedChange change) {
    MajorUpgrade u = change.upgrade().orElseThrow();
    ContainerSpec after = (ContainerSpec) change.after().orElseThrow();
    ObservedContainer old = (ObservedContainer) change.before().get(0);
    String from = u.engine() + " " + u.fromMajor();
    String to = u.engine() + " " + u.toMajor();
    String upgrade = u.engine() + " " + u.fromMajor() + " -> " + u.toMajor();
    int[] step = {1};
    boolean volumeMade = false;
    String network = null;
    String temp = null;
    try {
      // The backup needs the old version answering: a stopped (or frozen) one is brought up and waited for first.
      if (old.state() == ContainerState.PAUSED) docker.unpauseContainer(old.id());
      else if (old.state() != ContainerState.RUNNING) docker.startContainer(old.id());
      if (old.state() != ContainerState.RUNNING) containers.awaitReady(after, old.id(), "", true);
      String backup = backups.backUp(after, old.id());
      step[0] = 2;
      // A volume of that name is what an interrupted upgrade left: never switched to, so nothing of value.
      VolumeSpec made = volume(after, u);
      volumes.remove(made);
      volumeMade = true;
      // With the disk beside it, when the add-on has one: the new major's database gets a disk of its own,
      // and the old one stays whole beside the old data.
      volumes.create(made);
      step[0] = 3;
      String tempName = after.dockerName() + "_upgrade_" + JobRunner.randomSuffix();
      network = tempName;
      docker.createNetwork(new NetworkSpec(ResourceKey.network(after.key().owner(), "upgrade"), network, true, Optional.empty(),
          Map.of(Labels.MANIFEST, after.labels().getOrDefault(Labels.MANIFEST, ""), "orkestr.backup-work", tempName)));
      // Without the add-on's key, so that a plan never takes it for the add-on (should orkestr be killed meanwhile).
      Map<String, String> labels = new TreeMap<>(after.labels());
      labels.remove(Labels.KEY);
      labels.remove(Labels.MANAGED);
      labels.put("orkestr.backup-work", tempName);
      ContainerSpec onItsOwn = after.withNetworks(List.of(new NetworkAttachment(ResourceKey.network(after.key().owner(), "upgrade"), network,
          List.of()))).withLabels(labels);
      temp = containers.createOnNetworks(onItsOwn, tempName);
      docker.startContainer(temp);
      containers.awaitReady(onItsOwn, temp, "", true);
      backups.restoreInto(backup, after, temp);
      step[0] = 4;
      String differs = backups.check(backup, after, temp);
      if (differs != null) throw new StepFailure(differs);
      step[0] = 5;
      remove(temp);
      temp = null;
      docker.removeNetwork(network);
      network = null;
      switchOver(after, old);
      return "upgraded " + upgrade + " (pre-upgrade backup " + backup + "; the " + from + " data stays in volume " + u.fromVolume() + ")";
    } catch (RuntimeException e) {
      if (temp != null) remove(temp);
      if (network != null) ignoring(docker::removeNetwork, network);
      if (volumeMade && step[0] < 5) {
        try {
          volumes.remove(volume(after, u));
        } catch (RuntimeException ignored) {
          // what is left is named and labelled for the next run
        }
      }
      throw new StepFailure("major upgrade " + upgrade + " failed at step " + step[0] + " of " + STEPS + " (" + stepName(step[0], to)
          + "): " + e.getMessage() + "; " + from + " keeps running on its untouched data");
    }
  }

  /** The old container steps aside (renamed, stopped); the new one starts under the add-on's name; on failure the old comes back. */
  private void switchOver(ContainerSpec after, ObservedContainer old) {
    String aside = old.name() + "_pre_upgrade_" + JobRunner.randomSuffix();
    docker.renameContainer(old.id(), aside);
    docker.stopContainer(old.id(), settings.stopTimeout());
    String id = null;
    try {
      id = containers.createOnNetworks(after, after.dockerName());
      docker.startContainer(id);
      containers.afterStartOnExistingData(after, id);
    } catch (RuntimeException e) {
      if (id != null) remove(id);
      docker.renameContainer(old.id(), old.name());
      docker.startContainer(old.id());
      try {
        // The failure is reported once the old version answers again, so whoever reads it can use the add-on.
        containers.awaitReady(after, old.id(), "", true);
      } catch (RuntimeException notReady) {
        e.addSuppressed(notReady);
      }
      throw e;
    }
    remove(old.id());
  }

  private void remove(String id) {
    ignoring(i -> docker.stopContainer(i, Duration.ofSeconds(30)), id);
    ignoring(docker::removeContainer, id);
  }

  private static VolumeSpec volume(ContainerSpec after, MajorUpgrade u) {
    ResourceKey key = after.mounts().get(0).volume();
    Map<String, String> labels = new TreeMap<>();
    for (String k : List.of(Labels.MANAGED, Labels.MANIFEST, Labels.PROJECT)) {
      if (after.labels().containsKey(k)) labels.put(k, after.labels().get(k));
    }
    labels.put(Labels.KEY, key.toString());
    labels.put(Labels.ENGINE, u.engine());
    labels.put(Labels.DATA_MAJOR, Integer.toString(u.toMajor()));
    labels.put(SUPERSEDES, u.fromVolume());
    Optional<VolumeSpec.Disk> disk = after.mounts().stream().flatMap(m -> m.disk().stream()).findFirst();
    return new VolumeSpec(key, u.toVolume(), Optional.of(u.toMajor()), labels, disk);
  }

  private static String stepName(int step, String to) {
    switch (step) {
      case 1: return "pre-upgrade backup";
      case 2: return "new volume";
      case 3: return "restore into " + to;
      case 4: return "verify";
      default: return "switch";
    }
  }

  private static void ignoring(java.util.function.Consumer<String> action, String id) {
    try {
      action.accept(id);
    } catch (RuntimeException ignored) {
      // cleaning up after a failure: what is left is named and labelled for the next run
    }
  }
}

package io.orkestr.apply;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.credential.CredentialStore;
import io.orkestr.desired.Labels;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.disk.DiskPort;
import io.orkestr.docker.DockerPort;
import io.orkestr.plan.PlannedChange;
import io.orkestr.tier.ByteSize;
import java.time.Duration;
import java.util.List;

/**
 * VolumeStep creates a data volume and the disk beside it when it has one, gives existing data a
 * disk, mounts and grows disks, or (on purge) removes the volumes with their disks and forgets the
 * add-on's password with them.
 */
final class VolumeStep {
  /** Postgres stops cleanly well within this (it was running; a fast shutdown). */
  private static final Duration STOP = Duration.ofSeconds(30);

  private final DockerPort docker;
  private final DiskPort disks;
  private final CredentialStore credentials;
  private final Readiness readiness;
  private final ApplySettings settings;
  private final java.util.function.BooleanSupplier cancelled;

  VolumeStep(DockerPort docker, DiskPort disks, CredentialStore credentials, Readiness readiness, ApplySettings settings,
      java.util.function.BooleanSupplier cancelled) {
    this.docker = docker;
    this.disks = disks;
    this.credentials = credentials;
    this.readiness = readiness;
    this.settings = settings;
    this.cancelled = cancelled;
  }

  /** addOn: the add-on that uses the volume, as the plan wants it (its readiness probe), when there is one. */
  String run(PlannedChange change, java.util.Optional<io.orkestr.desired.ContainerSpec> addOn) {
    switch (change.action()) {
      case CREATE:
        create((VolumeSpec) change.after().orElseThrow());
        return "created";
      case UPDATE:
        return update((VolumeSpec) change.after().orElseThrow(), change.before(), addOn);
      case DELETE:
        for (Observed o : change.before()) {
          docker.removeVolume(o.name());
          if (o instanceof ObservedVolume v && v.onDisk()) disks.remove(v.name());
        }
        // The password only opened this data; a new add-on of the same name starts fresh.
        credentials.delete(ResourceKey.addon(change.key().owner(), change.key().name()));
        return "deleted with its data";
      default:
        return "no change";
    }
  }

  /**
   * Gives data made without a disk one (the add-on's next start moves its database there), or mounts
   * and grows the disk; where the host cannot grow a mounted one, the add-on stops meanwhile, and is
   * handed on (to its own change, which may configure it) only once it answers again.
   */
  private String update(VolumeSpec spec, List<Observed> before, java.util.Optional<io.orkestr.desired.ContainerSpec> addOn) {
    VolumeSpec disk = spec.diskVolume().orElseThrow();
    VolumeSpec.Disk want = spec.disk().orElseThrow();
    if (before.stream().noneMatch(o -> o.name().equals(disk.dockerName()))) {
      createDisk(disk);
      return "disk of " + ByteSize.format(want.bytes()) + " made (the add-on's database moves onto it)";
    }
    try {
      return "disk mounted, " + ByteSize.format(disks.prepare(disk.dockerName(), want.bytes(), want.reserveBytes()).bytes());
    } catch (DiskPort.MustStopToGrow e) {
      List<ObservedContainer> running = docker.listContainers(Labels.KEY + "=" + ResourceKey.addon(spec.key().owner(), spec.key().name()))
          .stream().filter(c -> c.state() == ContainerState.RUNNING).toList();
      for (ObservedContainer c : running) docker.stopContainer(c.id(), STOP);
      String grown;
      try {
        grown = "disk grown to " + ByteSize.format(disks.growUnmounted(disk.dockerName(), want.bytes()).bytes());
      } finally {
        for (ObservedContainer c : running) docker.startContainer(c.id());
      }
      if (running.isEmpty()) return grown;
      long start = System.nanoTime();
      for (ObservedContainer c : running) {
        if (addOn.isPresent()) readiness.await(addOn.get(), c.id(), settings.readyTimeout(), cancelled);
      }
      return grown + " (the add-on stopped meanwhile: this host cannot grow a mounted disk; it answered again after "
          + String.format("%.1fs", (System.nanoTime() - start) / 1e9) + ")";
    }
  }

  /**
   * Grows the disks a container mounts to what its spec asks, while it is stopped (an add-on being
   * replaced: the plan folds its disk's growth into the replace, see Planner).
   */
  void growWhileStopped(io.orkestr.desired.ContainerSpec spec) {
    for (var m : spec.mounts()) {
      if (m.disk().isEmpty()) continue;
      VolumeSpec.Disk want = m.disk().get();
      try {
        disks.prepare(m.volumeName(), want.bytes(), want.reserveBytes());
      } catch (DiskPort.MustStopToGrow e) {
        disks.growUnmounted(m.volumeName(), want.bytes());
      }
    }
  }

  /** A data volume, and the disk volume beside it when it has one. */
  void create(VolumeSpec spec) {
    docker.createVolume(spec);
    spec.diskVolume().ifPresent(this::createDisk);
  }

  /** The disk is made (or mounted) before its volume, so the volume never binds a missing directory. */
  private void createDisk(VolumeSpec disk) {
    VolumeSpec.Disk d = disk.disk().orElseThrow();
    disks.prepare(disk.dockerName(), d.bytes(), d.reserveBytes());
    docker.createVolume(disk);
  }

  /** Removes a data volume this apply made, and the disk beside it. */
  void remove(VolumeSpec spec) {
    docker.removeVolume(spec.dockerName());
    spec.diskVolume().ifPresent(d -> {
      docker.removeVolume(d.dockerName());
      disks.remove(d.dockerName());
    });
  }
}

package io.orkestr.apply;

import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.credential.CredentialStore;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.disk.DiskPort;
import io.orkestr.docker.DockerPort;
import io.orkestr.plan.PlannedChange;
import io.orkestr.tier.ByteSize;
import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.DockerNames;
import io.orkestr.desired.Labels;
import java.time.Duration;
import java.util.List;

/**
 * VolumeStep creates a data volume (its disk first, when it binds one), mounts and grows a volume's
 * disk, or (on purge) removes a volume with its disk and forgets the add-on's password with it.
 */
final class VolumeStep {
  /** Postgres stops cleanly well within this (it was running; a fast shutdown). */
  private static final Duration STOP = Duration.ofSeconds(30);

  private final DockerPort docker;
  private final DiskPort disks;
  private final CredentialStore credentials;

  VolumeStep(DockerPort docker, DiskPort disks, CredentialStore credentials) {
    this.docker = docker;
    this.disks = disks;
    this.credentials = credentials;
  }

  String run(PlannedChange change) {
    switch (change.action()) {
      case CREATE:
        create((VolumeSpec) change.after().orElseThrow());
        return "created";
      case UPDATE:
        return update((VolumeSpec) change.after().orElseThrow());
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

  /** Mounts and grows the volume's disk; where the host cannot grow a mounted one, its add-on stops meanwhile. */
  private String update(VolumeSpec spec) {
    VolumeSpec.Disk want = spec.disk().orElseThrow();
    try {
      return "disk mounted, " + ByteSize.format(disks.prepare(spec.dockerName(), want.bytes(), want.reserveBytes()).bytes());
    } catch (DiskPort.MustStopToGrow e) {
      String addOn = spec.key().name().substring(0, spec.key().name().length() - DockerNames.SPACE_KEY.length());
      List<ObservedContainer> running = docker.listContainers(Labels.KEY + "=" + ResourceKey.addon(spec.key().owner(), addOn)).stream()
          .filter(c -> c.state() == ContainerState.RUNNING).toList();
      for (ObservedContainer c : running) docker.stopContainer(c.id(), STOP);
      try {
        return "disk grown to " + ByteSize.format(disks.growUnmounted(spec.dockerName(), want.bytes()).bytes())
            + (running.isEmpty() ? "" : " (the add-on stopped meanwhile: this host cannot grow a mounted disk)");
      } finally {
        for (ObservedContainer c : running) docker.startContainer(c.id());
      }
    }
  }

  /** A volume, on its disk when it has one: the disk is made (or mounted) first, so the volume never binds a missing directory. */
  void create(VolumeSpec spec) {
    spec.disk().ifPresent(d -> disks.prepare(spec.dockerName(), d.bytes(), d.reserveBytes()));
    docker.createVolume(spec);
  }

  /** Removes a volume this apply made, and its disk. */
  void remove(String name) {
    docker.removeVolume(name);
    disks.remove(name);
  }
}

package io.orkestr.desired;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * VolumeSpec is an add-on's named data volume; it outlives containers and is removed only on purge.
 * One with a disk has a second Docker volume beside it ({@link #diskVolume}), under the same key,
 * that binds a directory of a size-limited file system on the engine's host (see DiskPlacement):
 * what the plan's storage limits (Postgres's database) lives there.
 */
public record VolumeSpec(ResourceKey key, String dockerName, Optional<Integer> dataMajor, Map<String, String> labels, Optional<Disk> disk)
    implements Resource {
  public VolumeSpec {
    Objects.requireNonNull(key);
    Objects.requireNonNull(dockerName);
    Objects.requireNonNull(dataMajor);
    Objects.requireNonNull(disk);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  public VolumeSpec(ResourceKey key, String dockerName, Optional<Integer> dataMajor, Map<String, String> labels) {
    this(key, dockerName, dataMajor, labels, Optional.empty());
  }

  /** The same volume under another name: the one a major upgrade made, holding the new major's data. */
  public VolumeSpec named(String name) {
    return new VolumeSpec(key, name, dataMajor, labels, disk);
  }

  /** The Docker volume beside this one that binds its disk (labelled so), when it has one. */
  public Optional<VolumeSpec> diskVolume() {
    if (disk.isEmpty() || isDiskVolume()) return Optional.empty();
    Map<String, String> l = new TreeMap<>(labels);
    l.remove(Labels.DATA_MAJOR);
    l.put(Labels.DISK, "true");
    return Optional.of(new VolumeSpec(key, DockerNames.space(dockerName), Optional.empty(), l, disk));
  }

  public boolean isDiskVolume() {
    return "true".equals(labels.get(Labels.DISK));
  }

  /** The host directory a disk volume binds. */
  public Optional<String> bindPath() {
    return isDiskVolume() ? disk.map(d -> d.placement().space(dockerName)) : Optional.empty();
  }

  /**
   * A disk of bytes (its image file's size), kept in directory (see DiskPlacement), with reserveBytes
   * of it held back by orkestr until the database goes read-only.
   */
  public record Disk(long bytes, long reserveBytes, String directory) {
    public Disk {
      Objects.requireNonNull(directory);
    }

    public DiskPlacement placement() {
      return DiskPlacement.at(directory);
    }
  }
}

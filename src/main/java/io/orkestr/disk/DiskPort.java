package io.orkestr.disk;

import io.orkestr.actual.ObservedDisk;
import java.util.Optional;

/** DiskPort makes, mounts, grows and removes the size-limited file systems volumes bind (see package-info). */
public interface DiskPort {
  /** Where disks go, or why this host cannot make them (not root, no loop devices, a remote engine, turned off). */
  io.orkestr.desired.DiskPlacement placement();

  /** The disk of a volume, or empty when it has none. */
  Optional<ObservedDisk> inspect(String volume);

  /** The disks of these volumes (those that have one), as one look at the host: every plan asks. */
  default java.util.Map<String, ObservedDisk> inspect(java.util.Collection<String> volumes) {
    java.util.Map<String, ObservedDisk> out = new java.util.HashMap<>();
    for (String v : volumes) inspect(v).ifPresent(d -> out.put(v, d));
    return out;
  }

  /**
   * Makes the volume's disk if it has none (with reserveBytes held back in a file, see
   * DiskPlacement.RESERVE), mounts it if it is not, and grows it to bytes if it is smaller; returns it.
   */
  ObservedDisk prepare(String volume, long bytes, long reserveBytes);

  /**
   * Grows the volume's disk while nothing uses it: unmounted, grown, checked and mounted again; on
   * failure it is mounted again at its old size. For hosts whose kernel refuses to grow a mounted one.
   */
  ObservedDisk growUnmounted(String volume, long bytes);

  /** prepare needed to grow a mounted disk, and this host cannot: stop what uses it and call growUnmounted. */
  final class MustStopToGrow extends RuntimeException {
    public MustStopToGrow(String volume) {
      super("the disk of volume " + volume + " can only grow while nothing uses it");
    }
  }

  /** Unmounts the volume's disk and deletes it with its data (a purge). */
  void remove(String volume);

  /** A host that makes no disks: add-ons' storage is then held by orkestr's read-only switch alone. */
  static DiskPort none(String why) {
    return new DiskPort() {
      @Override
      public io.orkestr.desired.DiskPlacement placement() {
        return io.orkestr.desired.DiskPlacement.off(why);
      }

      @Override
      public Optional<ObservedDisk> inspect(String volume) {
        return Optional.empty();
      }

      @Override
      public ObservedDisk prepare(String volume, long bytes, long reserveBytes) {
        throw new io.orkestr.error.UserError("cannot make a size-limited disk for volume " + volume + ": " + why);
      }

      @Override
      public ObservedDisk growUnmounted(String volume, long bytes) {
        return prepare(volume, bytes, 0);
      }

      @Override
      public void remove(String volume) {}
    };
  }
}

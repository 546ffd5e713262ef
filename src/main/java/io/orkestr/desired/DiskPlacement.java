package io.orkestr.desired;

import java.util.Objects;
import java.util.Optional;

/**
 * DiskPlacement says whether add-ons' data that must not outgrow its plan gets a size-limited disk
 * on the engine's host, and where: the directory holds one image file per volume
 * ({@code VOLUME.img}), its mount point ({@code VOLUME/}) and, inside the mounted file system, the
 * directory the Docker volume binds ({@code VOLUME/space}). Unmounted (after a reboot), that
 * directory does not exist, so the engine cannot start the add-on on an empty stand-in.
 */
public record DiskPlacement(Optional<String> directory, String unavailable, boolean growsOnline) {
  /** Room above the plan's storage: the file system's own overhead, and what an app writes between two of orkestr's checks. */
  static final long MIN_HEADROOM = 64L << 20;
  /**
   * The file, in the directory the volume binds, that holds back part of the disk: a database whose
   * disk filled up cannot even record a TRUNCATE, nor orkestr switch it read-only, so orkestr's
   * read-only switch deletes it first, and switching back writes it again.
   */
  public static final String RESERVE = "orkestr-reserve";

  public DiskPlacement {
    Objects.requireNonNull(directory);
    Objects.requireNonNull(unavailable);
  }

  /** Disks in directory, an absolute path, grown while mounted. */
  public static DiskPlacement at(String directory) {
    return at(directory, true);
  }

  /**
   * Disks in directory; growsOnline false where the kernel refuses to grow a mounted ext4 (a
   * process without CAP_SYS_RESOURCE): the add-on then stops while its disk grows.
   */
  public static DiskPlacement at(String directory, boolean growsOnline) {
    if (!directory.startsWith("/")) throw new IllegalArgumentException("not an absolute path: " + directory);
    return new DiskPlacement(Optional.of(directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory), "",
        growsOnline);
  }

  /** No disks, because of why (said in plans); an empty why says nothing (a service with no host, as in unit tests). */
  public static DiskPlacement off(String why) {
    return new DiskPlacement(Optional.empty(), why, false);
  }

  public boolean enabled() {
    return directory.isPresent();
  }

  public String mountPoint(String volume) {
    return directory.orElseThrow() + "/" + volume;
  }

  public String image(String volume) {
    return directory.orElseThrow() + "/" + volume + ".img";
  }

  /** The directory the volume binds: inside the disk's file system, so it exists only while the disk is mounted. */
  public String space(String volume) {
    return mountPoint(volume) + "/space";
  }

  /** What the reserve holds back: a hundredth of the storage, from 8 MiB to 1 GiB, in whole MiB. */
  public static long reserveFor(long storage) {
    return Math.max(8L << 20, Math.min(1L << 30, storage / 100)) >> 20 << 20;
  }

  /**
   * The disk for a plan's storage: the storage, a tenth more (at least 64 MiB: a test fill twice a
   * small plan's storage stays under it, and the file system's own blocks come out of it), and the
   * reserve, in whole MiB.
   */
  public static long bytesFor(long storage) {
    long bytes = storage + Math.max(MIN_HEADROOM, storage / 10) + reserveFor(storage);
    return (bytes + (1L << 20) - 1) >> 20 << 20;
  }
}

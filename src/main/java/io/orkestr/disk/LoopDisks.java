package io.orkestr.disk;

import io.orkestr.actual.ObservedDisk;
import io.orkestr.desired.DiskPlacement;
import io.orkestr.error.UserError;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * LoopDisks keeps each disk as a sparse ext4 image file, mounted with {@code mount -o loop} (which
 * picks a free loop device and frees it at unmount) on the engine's host. The engine's local volume
 * driver cannot do this itself (it refuses {@code o=loop}), so the volume binds a directory inside
 * the mounted file system. Needs root on the engine's host, and util-linux and e2fsprogs.
 */
public final class LoopDisks implements DiskPort {
  private static final List<String> TOOLS = List.of("mount", "umount", "losetup", "mkfs.ext4", "resize2fs", "e2fsck");
  /** CAP_SYS_RESOURCE: without it the kernel refuses to grow a mounted ext4 ("Permission denied to resize filesystem"). */
  private static final int CAP_SYS_RESOURCE = 24;

  private final DiskPlacement placement;

  private LoopDisks(DiskPlacement placement) {
    this.placement = placement;
  }

  /**
   * Disks under directory, when this process can make them: ORKESTR_DISKS=off turns them off;
   * otherwise they need root, loop devices, the tools, and an engine on this host.
   */
  public static DiskPort fromEnvironment(Path directory, Map<String, String> env) {
    Optional<String> why = why(env);
    if (why.isPresent()) return DiskPort.none(why.get());
    return new LoopDisks(DiskPlacement.at(directory.toAbsolutePath().normalize().toString(), hasCapability(CAP_SYS_RESOURCE)));
  }

  private static Optional<String> why(Map<String, String> env) {
    String setting = env.getOrDefault("ORKESTR_DISKS", "auto");
    if (setting.equals("off")) return Optional.of("ORKESTR_DISKS=off");
    if (!setting.equals("auto") && !setting.isEmpty()) return Optional.of("ORKESTR_DISKS is \"" + setting + "\", not auto or off");
    String host = env.getOrDefault("DOCKER_HOST", "");
    if (!host.isEmpty() && !host.startsWith("unix://")) return Optional.of("the Docker engine is not on this host (DOCKER_HOST=" + host + ")");
    try {
      if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) return Optional.of("orkestr is not running as root");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.of("cannot tell whether orkestr runs as root (" + e.getMessage() + ")");
    }
    if (!Files.exists(Path.of("/dev/loop-control"))) return Optional.of("this host has no loop devices (/dev/loop-control)");
    for (String tool : TOOLS) {
      if (find(tool).isEmpty()) return Optional.of(tool + " is not installed (util-linux, e2fsprogs)");
    }
    return Optional.empty();
  }

  /** Whether this process holds a capability (its effective set in /proc/self/status). */
  static boolean hasCapability(int bit) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("CapEff:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << bit)) != 0;
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: assume not, and grow disks with the add-on stopped
    }
    return false;
  }

  private static Optional<Path> find(String tool) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  @Override
  public DiskPlacement placement() {
    return placement;
  }

  @Override
  public Optional<ObservedDisk> inspect(String volume) {
    return Optional.ofNullable(inspect(List.of(volume)).get(volume));
  }

  /** One read of the mount table for all of them, and a stat of each image. */
  @Override
  public Map<String, ObservedDisk> inspect(java.util.Collection<String> volumes) {
    Map<String, ObservedDisk> out = new java.util.HashMap<>();
    try {
      java.util.Set<String> mounts = mountPoints();
      for (String volume : volumes) {
        Path image = Path.of(placement.image(volume));
        if (!Files.exists(image)) continue;
        out.put(volume, new ObservedDisk(Files.size(image), mounts.contains(escaped(Path.of(placement.mountPoint(volume))))));
      }
      return out;
    } catch (IOException e) {
      throw new UserError("cannot read the disks in " + placement.directory().orElseThrow() + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized ObservedDisk prepare(String volume, long bytes, long reserveBytes) {
    Path image = Path.of(placement.image(volume));
    Path mountPoint = Path.of(placement.mountPoint(volume));
    try {
      Files.createDirectories(image.getParent());
      run("chmod", "0700", image.getParent().toString());
      if (!Files.exists(image)) {
        Path partial = image.resolveSibling(image.getFileName() + ".new");
        resize(partial, bytes);
        // Few inodes (a database is a few thousand files), no blocks kept for root (Postgres never runs as root).
        run("mkfs.ext4", "-q", "-F", "-b", "4096", "-m", "0", "-i", "65536", "-L", "orkestr", partial.toString());
        Files.move(partial, image, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      Files.createDirectories(mountPoint);
      if (!mounted(mountPoint)) run("mount", "-o", "loop,noatime", image.toString(), mountPoint.toString());
      if (Files.size(image) < bytes) {
        if (!placement.growsOnline()) throw new MustStopToGrow(volume);
        long before = Files.size(image);
        resize(image, bytes);
        String device = loopDevice(image);
        try {
          run("losetup", "-c", device);
          run("resize2fs", device);
        } catch (UserError e) {
          // The file system is still its old size: so is its file again, so the next prepare tries anew.
          resize(image, before);
          run("losetup", "-c", device);
          throw e;
        }
      }
      Path space = Path.of(placement.space(volume));
      if (!Files.isDirectory(space)) {
        Files.createDirectory(space);
        // The add-on's database user (whatever its uid in the image) makes its directory in here.
        run("chmod", "1777", space.toString());
        // A disk never prepared this far (new, or cut short before): nothing uses it yet, so the reserve is held back now.
        reserve(space.resolve(DiskPlacement.RESERVE), reserveBytes);
      }
      return inspect(volume).orElseThrow();
    } catch (IOException e) {
      throw new UserError("cannot prepare the disk of volume " + volume + " (" + image + "): " + e.getMessage());
    }
  }

  @Override
  public synchronized ObservedDisk growUnmounted(String volume, long bytes) {
    Path image = Path.of(placement.image(volume));
    Path mountPoint = Path.of(placement.mountPoint(volume));
    try {
      if (mounted(mountPoint)) run("umount", mountPoint.toString());
      long before = Files.size(image);
      if (before < bytes) {
        try {
          resize(image, bytes);
          // resize2fs wants a file system checked since it was last mounted; -p repairs only what is safe.
          // Exit 1 is "errors corrected": fine to go on.
          run("sh", "-c", "e2fsck -f -p \"$1\"; [ $? -le 1 ]", "e2fsck", image.toString());
          run("resize2fs", image.toString());
        } catch (UserError e) {
          resize(image, before);
          throw e;
        } finally {
          run("mount", "-o", "loop,noatime", image.toString(), mountPoint.toString());
        }
      } else {
        run("mount", "-o", "loop,noatime", image.toString(), mountPoint.toString());
      }
      return inspect(volume).orElseThrow();
    } catch (IOException e) {
      throw new UserError("cannot grow the disk of volume " + volume + ": " + e.getMessage());
    }
  }

  @Override
  public synchronized void remove(String volume) {
    Path mountPoint = Path.of(placement.mountPoint(volume));
    try {
      if (mounted(mountPoint)) run("umount", mountPoint.toString());
      Files.deleteIfExists(Path.of(placement.image(volume)));
      Files.deleteIfExists(mountPoint);
    } catch (IOException e) {
      throw new UserError("cannot remove the disk of volume " + volume + ": " + e.getMessage());
    }
  }

  /** Real blocks (zeros written, not a sparse file), owned by root in a sticky directory: the add-on cannot remove it. */
  private static void reserve(Path file, long bytes) throws IOException {
    byte[] zeros = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= zeros.length) out.write(zeros, 0, (int) Math.min(zeros.length, left));
    }
    run("chmod", "0600", file.toString());
  }

  private static void resize(Path file, long bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes); // sparse: the host's space is taken as data is written
    }
  }

  /** Whether a file system is mounted at exactly this path (the mount table's fifth field, octal escapes as the kernel writes them). */
  static boolean mounted(Path mountPoint) throws IOException {
    return mountPoints().contains(escaped(mountPoint));
  }

  private static java.util.Set<String> mountPoints() throws IOException {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
      String[] f = line.split(" ");
      if (f.length > 4) out.add(f[4]);
    }
    return out;
  }

  private static String escaped(Path mountPoint) {
    return mountPoint.toAbsolutePath().normalize().toString().replace("\\", "\\134").replace(" ", "\\040");
  }

  private static String loopDevice(Path image) {
    String out = run("losetup", "-n", "-O", "NAME", "-j", image.toString()).strip();
    if (out.isEmpty()) throw new UserError("disk " + image + " is mounted but no loop device holds it");
    return out.lines().findFirst().orElseThrow().strip();
  }

  private static String run(String... command) {
    List<String> argv = new ArrayList<>(List.of(command));
    argv.set(0, find(command[0]).map(Path::toString).orElse(command[0]));
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new UserError(String.join(" ", command) + " did not finish in 2 minutes");
      }
      if (p.exitValue() != 0) {
        String last = out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + p.exitValue());
        throw new UserError(String.join(" ", command) + " failed: " + last.strip());
      }
      return out;
    } catch (IOException e) {
      throw new UserError("cannot run " + command[0] + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError(command[0] + " was interrupted");
    }
  }
}

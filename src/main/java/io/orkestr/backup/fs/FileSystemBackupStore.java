package io.orkestr.backup.fs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orkestr.backup.BackupRecord;
import io.orkestr.backup.BackupRecordJson;
import io.orkestr.backup.BackupStore;
import io.orkestr.desired.ResourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * FileSystemBackupStore keeps {@code $ORKESTR_HOME/backups/<manifest>/<project>/<addon>/<id>.{dump,rdb}}
 * with a record {@code <id>.json} beside each. Data is written to {@code .<id>.<ext>.partial}, synced,
 * and renamed into place only when committed, with its record written the same way; files are 0600,
 * directories 0700. A partial file older than a day is what a killed orkestr left: removed.
 */
public final class FileSystemBackupStore implements BackupStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STALE = Duration.ofDays(1);

  private final Path root;

  public FileSystemBackupStore(Path home) {
    this.root = home.resolve("backups");
  }

  private Path dir(String manifest, ResourceKey addon) {
    return root.resolve(manifest).resolve(addon.owner()).resolve(addon.name());
  }

  @Override
  public Upload begin(String manifest, ResourceKey addon, String id, String extension) throws IOException {
    Path dir = dir(manifest, addon);
    createPrivateDirectories(dir);
    removeStalePartials(dir);
    Path partial = dir.resolve("." + id + "." + extension + ".partial");
    OutputStream out = Files.newOutputStream(Files.createFile(partial, ownerOnly()), StandardOpenOption.WRITE);
    return new Upload() {
      private boolean committed;

      @Override
      public OutputStream output() {
        return out;
      }

      @Override
      public void commit(BackupRecord record) throws IOException {
        out.close();
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(partial, dir.resolve(id + "." + extension), StandardCopyOption.ATOMIC_MOVE);
        write(record);
        committed = true;
      }

      @Override
      public void close() {
        if (committed) return;
        try {
          out.close();
          Files.deleteIfExists(partial);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot remove " + partial, e);
        }
      }
    };
  }

  @Override
  public List<BackupRecord> list(String manifest, ResourceKey addon) {
    Path dir = dir(manifest, addon);
    if (!Files.isDirectory(dir)) return List.of();
    List<BackupRecord> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) out.add(read(p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list backups in " + dir, e);
    }
    out.sort(Comparator.comparing(BackupRecord::created).thenComparing(BackupRecord::id).reversed());
    return out;
  }

  @Override
  public Optional<BackupRecord> find(String manifest, ResourceKey addon, String id) {
    Path p = dir(manifest, addon).resolve(id + ".json");
    return Files.exists(p) && id.matches("[A-Za-z0-9-]+") ? Optional.of(read(p)) : Optional.empty();
  }

  @Override
  public InputStream open(BackupRecord r) throws IOException {
    return Files.newInputStream(dir(r.manifest(), r.addon()).resolve(r.id() + "." + r.extension()));
  }

  @Override
  public void recordFailure(BackupRecord record) {
    try {
      createPrivateDirectories(dir(record.manifest(), record.addon()));
      write(record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record backup " + record.id(), e);
    }
  }

  @Override
  public void update(BackupRecord record) {
    try {
      write(record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update backup " + record.id(), e);
    }
  }

  @Override
  public void delete(BackupRecord r) {
    Path dir = dir(r.manifest(), r.addon());
    try {
      Files.deleteIfExists(dir.resolve(r.id() + "." + r.extension()));
      Files.deleteIfExists(dir.resolve(r.id() + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete backup " + r.id(), e);
    }
  }

  private void write(BackupRecord r) throws IOException {
    Path dir = dir(r.manifest(), r.addon());
    Path tmp = Files.createTempFile(dir, ".record-", ".tmp", ownerOnly());
    Files.writeString(tmp, BackupRecordJson.toJson(r).toPrettyString() + "\n");
    Files.move(tmp, dir.resolve(r.id() + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static BackupRecord read(Path p) {
    try {
      return BackupRecordJson.fromJson(JSON.readTree(p.toFile()));
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException("cannot read backup record " + p, e instanceof IOException io ? io : new IOException(e.toString()));
    }
  }

  private void removeStalePartials(Path dir) throws IOException {
    FileTime before = FileTime.from(Instant.now().minus(STALE));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList()) {
        if (Files.getLastModifiedTime(p).compareTo(before) < 0) Files.deleteIfExists(p);
      }
    }
  }

  private static java.nio.file.attribute.FileAttribute<Set<java.nio.file.attribute.PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }

  private void createPrivateDirectories(Path dir) throws IOException {
    List<Path> chain = new ArrayList<>();
    for (Path p = dir; p != null && !p.equals(root.getParent()); p = p.getParent()) chain.add(0, p);
    for (Path p : chain) {
      if (!Files.isDirectory(p)) {
        Files.createDirectories(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    }
  }
}

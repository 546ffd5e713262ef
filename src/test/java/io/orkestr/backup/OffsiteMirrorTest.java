package io.orkestr.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.backup.fs.FileSystemBackupStore;
import io.orkestr.desired.ResourceKey;
import io.orkestr.error.UserError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OffsiteMirror's rules over a real local store and an in-memory off-site one (the S3 adapter is proven in OffsiteBackupIT). */
class OffsiteMirrorTest {
  @TempDir Path home;
  private static final ResourceKey DB = ResourceKey.addon("shop", "db");

  /** An off-site store in memory that can be told to fail after some bytes, or to not answer. */
  static final class Memory implements OffsiteStore {
    final List<OffsiteCopy> copies = new ArrayList<>();
    final Map<String, byte[]> data = new java.util.HashMap<>();
    long failAfter = Long.MAX_VALUE;
    boolean down;

    @Override
    public CopyUpload begin(String manifest, ResourceKey addon, String id, String extension) throws IOException {
      if (down) throw new IOException("Connection refused");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      OutputStream guarded = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (out.size() + len > failAfter) throw new IOException("the store went away");
          out.write(b, off, len);
        }
      };
      return new CopyUpload() {
        @Override
        public OutputStream output() {
          return guarded;
        }

        @Override
        public OffsiteCopy commit(BackupRecord record) throws IOException {
          if (!sha(out.toByteArray()).equals(record.sha256())) throw new IOException("checksum");
          OffsiteCopy c = new OffsiteCopy(record, sha(out.toByteArray()), out.size(), false);
          copies.add(c);
          data.put(record.id(), out.toByteArray());
          return c;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public List<OffsiteCopy> list(String manifest, ResourceKey addon) {
      if (down) throw new IllegalStateException("Connection refused");
      return List.copyOf(copies);
    }

    @Override
    public InputStream open(OffsiteCopy copy) {
      return new ByteArrayInputStream(data.get(copy.record().id()));
    }

    @Override
    public void delete(OffsiteCopy copy) {
      copies.remove(copy);
      data.remove(copy.record().id());
    }

    @Override
    public Optional<String> check() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "memory";
    }
  }

  static String sha(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BackupRecord record(String id, byte[] data) {
    Instant at = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(id.hashCode() & 0xff);
    return new BackupRecord(id, "m", DB, "postgres", "17.2", BackupKind.MANUAL, Optional.empty(), at, at, data.length, sha(data),
        BackupStatus.SUCCEEDED, Optional.empty(), Map.of(), Optional.empty());
  }

  private static void take(BackupStore store, String id, byte[] data) throws IOException {
    try (BackupStore.Upload u = store.begin("m", DB, id, "dump")) {
      for (int i = 0; i < data.length; i += 1000) u.output().write(data, i, Math.min(1000, data.length - i));
      u.commit(record(id, data));
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }

  @Test
  void aBackupIsWrittenToBothPlacesAsItIsTakenAndAStoreThatGoesAwayMidwayOnlyLeavesItPending() throws Exception {
    Memory offsite = new Memory();
    OffsiteMirror mirror = new OffsiteMirror(new FileSystemBackupStore(home), offsite);
    take(mirror, "b1", bytes(10_000));
    assertThat(mirror.where("m", DB).values()).containsExactly(OffsiteMirror.Where.LOCAL_AND_OFFSITE);

    offsite.failAfter = 4_000;
    take(mirror, "b2", bytes(20_000));
    assertThat(mirror.find("m", DB, "b2")).isPresent();
    assertThat(mirror.where("m", DB)).containsEntry(mirror.find("m", DB, "b2").get(), OffsiteMirror.Where.LOCAL_OFFSITE_PENDING);

    // The store back: the pending one is copied from the local file.
    offsite.failAfter = Long.MAX_VALUE;
    assertThat(mirror.copyOff(mirror.find("m", DB, "b2").get())).isEmpty();
    assertThat(mirror.where("m", DB).values()).containsOnly(OffsiteMirror.Where.LOCAL_AND_OFFSITE);

    offsite.down = true;
    take(mirror, "b3", bytes(5_000));
    assertThat(mirror.where("m", DB)).containsEntry(mirror.find("m", DB, "b3").get(), OffsiteMirror.Where.LOCAL_OFFSITE_UNKNOWN);
    assertThat(mirror.listFailure()).contains("Connection refused");
  }

  @Test
  void aMissingOrDamagedLocalCopyIsFetchedBackOnlyWhenTheCopyIsIntact() throws Exception {
    Memory offsite = new Memory();
    FileSystemBackupStore local = new FileSystemBackupStore(home);
    OffsiteMirror mirror = new OffsiteMirror(local, offsite);
    byte[] data = bytes(30_000);
    take(mirror, "b1", data);
    BackupRecord r = mirror.find("m", DB, "b1").get();
    Path file = home.resolve("backups/m/shop/db/b1.dump");

    Files.write(file, "damaged".getBytes(StandardCharsets.UTF_8));
    mirror.ensureLocal(r, false);
    assertThat(Files.readAllBytes(file)).isEqualTo(data);

    // A damaged copy never replaces the local one.
    offsite.data.put("b1", "also damaged".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> mirror.ensureLocal(r, true)).isInstanceOf(UserError.class).hasMessageContaining("is damaged");
    assertThat(Files.readAllBytes(file)).isEqualTo(data);

    // Only off-site (a fresh machine): listed as such, fetched back whole.
    local.delete(r);
    offsite.data.put("b1", data);
    assertThat(mirror.where("m", DB).values()).containsExactly(OffsiteMirror.Where.OFFSITE);
    assertThat(mirror.find("m", DB, "b1")).contains(r);
    mirror.ensureLocal(r, false);
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
    assertThat(local.find("m", DB, "b1")).contains(r);

    mirror.delete(r);
    assertThat(offsite.copies).isEmpty();
    assertThat(local.list("m", DB)).isEmpty();
  }
}

package io.orkestr.backup.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.backup.BackupKind;
import io.orkestr.backup.BackupRecord;
import io.orkestr.backup.BackupStatus;
import io.orkestr.backup.BackupStore;
import io.orkestr.backup.Verification;
import io.orkestr.desired.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBackupStoreTest {
  @TempDir Path home;
  private static final ResourceKey DB = ResourceKey.addon("shop", "db");

  private static BackupRecord record(String id, String created) {
    Instant at = Instant.parse(created);
    return new BackupRecord(id, "m", DB, "postgres", "15.18", BackupKind.MANUAL, Optional.of("before 0042"), at, at.plusSeconds(1), 5,
        "cd".repeat(32), BackupStatus.SUCCEEDED, Optional.empty(), Map.of("public.orders", 5000L), Optional.empty());
  }

  @Test
  void aCommittedBackupReadsBackWithItsRecordOwnerOnly() throws Exception {
    FileSystemBackupStore store = new FileSystemBackupStore(home);
    try (BackupStore.Upload u = store.begin("m", DB, "b1", "dump")) {
      u.output().write("hello".getBytes(StandardCharsets.UTF_8));
      u.commit(record("b1", "2026-12-01T10:00:00Z"));
    }

    assertThat(store.list("m", DB)).singleElement().isEqualTo(record("b1", "2026-12-01T10:00:00Z"));
    try (var in = store.open(store.find("m", DB, "b1").orElseThrow())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    Path dir = home.resolve("backups/m/shop/db");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b1.dump")))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b1.json")))).isEqualTo("rw-------");
  }

  @Test
  void anUploadThatIsNotCommittedLeavesNoBackup() throws Exception {
    FileSystemBackupStore store = new FileSystemBackupStore(home);
    try (BackupStore.Upload u = store.begin("m", DB, "b2", "dump")) {
      u.output().write("half a dump".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(store.list("m", DB)).isEmpty();
    try (Stream<Path> files = Files.list(home.resolve("backups/m/shop/db"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void listsNewestFirstAndKeepsVerificationsAndFailures() throws Exception {
    FileSystemBackupStore store = new FileSystemBackupStore(home);
    for (String id : new String[] {"a", "b"}) {
      try (BackupStore.Upload u = store.begin("m", DB, id, "dump")) {
        u.commit(record(id, id.equals("a") ? "2026-12-01T10:00:00Z" : "2026-12-02T10:00:00Z"));
      }
    }
    BackupRecord failed = new BackupRecord("c", "m", DB, "postgres", "15", BackupKind.AUTOMATIC, Optional.empty(),
        Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T10:00:01Z"), 0, "", BackupStatus.FAILED,
        Optional.of("pg_dump: error: connection lost"), Map.of(), Optional.empty());
    store.recordFailure(failed);
    store.update(store.find("m", DB, "a").orElseThrow().withVerification(Verification.failed(Instant.parse("2026-12-04T00:00:00Z"), "rows differ")));

    assertThat(store.list("m", DB)).extracting(BackupRecord::id).containsExactly("c", "b", "a");
    assertThat(store.find("m", DB, "a").orElseThrow().verification()).contains(Verification.failed(Instant.parse("2026-12-04T00:00:00Z"), "rows differ"));
    assertThat(store.find("m", DB, "c").orElseThrow().failure()).contains("pg_dump: error: connection lost");
    assertThat(store.find("m", DB, "../../etc")).isEmpty();
  }
}

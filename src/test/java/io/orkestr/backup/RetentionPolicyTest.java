package io.orkestr.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

  @Test
  void prunesBackupsOlderThanTheWindowFailedOnesToo() {
    List<BackupRecord> all = List.of(
        Records.of("new", BackupKind.AUTOMATIC, BackupStatus.SUCCEEDED, "2026-12-09T03:00:00Z"),
        Records.of("old", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-01T03:00:00Z"),
        Records.of("old-failed", BackupKind.AUTOMATIC, BackupStatus.FAILED, "2026-12-02T03:00:00Z"),
        Records.of("recent-failed", BackupKind.AUTOMATIC, BackupStatus.FAILED, "2026-12-08T03:00:00Z"));

    assertThat(RetentionPolicy.toPrune(all, Duration.ofDays(7), NOW)).extracting(BackupRecord::id).containsExactly("old", "old-failed");
  }

  @Test
  void neverPrunesTheNewestSuccessfulBackupWhateverItsAge() {
    List<BackupRecord> all = List.of(
        Records.of("ancient", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2025-01-01T03:00:00Z"),
        Records.of("older", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2024-06-01T03:00:00Z"),
        Records.of("failed-later", BackupKind.AUTOMATIC, BackupStatus.FAILED, "2026-01-01T03:00:00Z"));

    assertThat(RetentionPolicy.toPrune(all, Duration.ofDays(30), NOW)).extracting(BackupRecord::id)
        .containsExactly("older", "failed-later");
  }

  @Test
  void aRetentionOfZeroKeepsOnlyTheNewestSuccessfulOne() {
    List<BackupRecord> all = List.of(
        Records.of("a", BackupKind.PRE_RESTORE, BackupStatus.SUCCEEDED, "2026-12-10T11:00:00Z"),
        Records.of("b", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-10T11:30:00Z"),
        Records.of("c", BackupKind.MANUAL, BackupStatus.FAILED, "2026-12-10T11:50:00Z"));

    assertThat(RetentionPolicy.toPrune(all, Duration.ZERO, NOW)).extracting(BackupRecord::id).containsExactly("a", "c");
  }
}

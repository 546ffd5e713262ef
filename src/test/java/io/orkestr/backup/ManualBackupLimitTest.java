package io.orkestr.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.tier.Tiers;
import io.orkestr.tier.TiersParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualBackupLimitTest {
  private static final Tiers TIERS = TiersParser.builtIn();
  private static final Instant NOW = Instant.parse("2026-12-10T14:02:30Z");

  @Test
  void freeHasNoManualBackupsAndSaysWhichPlansDo() {
    assertThat(ManualBackupLimit.refusal("shop/db", TIERS.get("free"), TIERS, List.of(), NOW))
        .contains("plan free does not include manual backups; plans with them: pro (3 a day), business (10 a day)");
  }

  @Test
  void theFourthManualBackupOfAUtcDayOnProIsRefusedWithWhenTheNextIsAllowed() {
    List<BackupRecord> today = List.of(
        Records.of("1", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-10T00:10:00Z"),
        Records.of("2", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-10T09:00:00Z"),
        Records.of("3", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-10T14:02:00Z"));

    assertThat(ManualBackupLimit.refusal("shop/db", TIERS.get("pro"), TIERS, today, NOW)).contains("plan pro allows 3 manual backups"
        + " of shop/db a day (UTC); 3 were taken today, the last at 14:02 UTC; the next is allowed at 00:00 UTC, in 9h 57m");
  }

  @Test
  void automaticPreRestoreFailedAndYesterdaysBackupsDoNotCount() {
    List<BackupRecord> records = List.of(
        Records.of("a", BackupKind.AUTOMATIC, BackupStatus.SUCCEEDED, "2026-12-10T03:00:00Z"),
        Records.of("b", BackupKind.PRE_RESTORE, BackupStatus.SUCCEEDED, "2026-12-10T04:00:00Z"),
        Records.of("c", BackupKind.PRE_UPGRADE, BackupStatus.SUCCEEDED, "2026-12-10T05:00:00Z"),
        Records.of("d", BackupKind.MANUAL, BackupStatus.FAILED, "2026-12-10T06:00:00Z"),
        Records.of("e", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-09T23:59:59Z"),
        Records.of("f", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-09T23:00:00Z"),
        Records.of("g", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-10T07:00:00Z"),
        Records.of("h", BackupKind.MANUAL, BackupStatus.SUCCEEDED, "2026-12-10T08:00:00Z"));

    assertThat(ManualBackupLimit.refusal("shop/db", TIERS.get("pro"), TIERS, records, NOW)).isEmpty();
  }
}

package io.orkestr.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.desired.BackupFormat;
import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.ResourceKey;
import io.orkestr.manifest.Engine;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupFormatTest {
  private static BackupRecord of(String engine) {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    return new BackupRecord("b1", "m", ResourceKey.addon("shop", "db"), engine, "1.0", BackupKind.MANUAL, Optional.empty(), at, at, 1,
        "ab".repeat(32), BackupStatus.SUCCEEDED, Optional.empty(), Map.of(), Optional.empty());
  }

  @Test
  void everyEngineNamesItsFormatAndRecordsKeepTheFileNamesBackupsAlreadyHave() {
    for (Engine e : Engine.values()) assertThat(EngineProfile.of(e).backupFormat()).as(e.name()).isNotNull();
    assertThat(EngineProfile.of(Engine.POSTGRES).backupFormat()).isEqualTo(BackupFormat.PG_DUMP);
    // Backups taken before the format moved into the profile are found by these extensions.
    assertThat(of("postgres").extension()).isEqualTo("dump");
    assertThat(of("redis").extension()).isEqualTo("rdb");
  }
}

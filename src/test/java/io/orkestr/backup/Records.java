package io.orkestr.backup;

import io.orkestr.desired.ResourceKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Records builds backup records for tests. */
final class Records {
  private Records() {}

  static BackupRecord of(String id, BackupKind kind, BackupStatus status, String created) {
    Instant at = Instant.parse(created);
    return new BackupRecord(id, "m", ResourceKey.addon("shop", "db"), "postgres", "15.18", kind, Optional.empty(), at, at.plusSeconds(2),
        1234, status == BackupStatus.SUCCEEDED ? "ab".repeat(32) : "", status,
        status == BackupStatus.FAILED ? Optional.of("pg_dump: error: boom") : Optional.empty(), Map.of("public.t", 3L), Optional.empty());
  }
}

package io.orkestr.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * RetentionPolicy decides which backups of an add-on a plan's retention lets go: those older than
 * the window, failed ones included, but never the newest successful backup, whatever its age. A
 * retention of zero keeps only that newest one.
 */
public final class RetentionPolicy {
  private RetentionPolicy() {}

  public static List<BackupRecord> toPrune(List<BackupRecord> records, Duration retention, Instant now) {
    Optional<BackupRecord> newest = records.stream().filter(BackupRecord::succeeded).max(Comparator.comparing(BackupRecord::created));
    Instant cutoff = now.minus(retention);
    List<BackupRecord> out = new ArrayList<>();
    for (BackupRecord r : records) {
      if (newest.isPresent() && newest.get().id().equals(r.id())) continue;
      if (retention.isZero() || r.created().isBefore(cutoff)) out.add(r);
    }
    out.sort(Comparator.comparing(BackupRecord::created));
    return out;
  }
}

package io.orkestr.backup;

import io.orkestr.tier.Tier;
import io.orkestr.tier.Tiers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * ManualBackupLimit applies a plan's manual backups per UTC day: successful manual backups count
 * (automatic, pre-restore and pre-upgrade ones do not, nor failed ones). Refusals say what the
 * limit is, how many were taken today and when the next is allowed, or which plans have them.
 */
public final class ManualBackupLimit {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private ManualBackupLimit() {}

  /** Why a manual backup of addon is refused now, or empty when it is allowed. */
  public static Optional<String> refusal(String addon, Tier tier, Tiers all, List<BackupRecord> records, Instant now) {
    int perDay = tier.backups().manualPerDay();
    if (perDay == 0) {
      String with = all.all().stream().filter(t -> t.backups().manualPerDay() > 0)
          .map(t -> t.name() + " (" + t.backups().manualPerDay() + " a day)").collect(Collectors.joining(", "));
      return Optional.of("plan " + tier.name() + " does not include manual backups" + (with.isEmpty() ? "" : "; plans with them: " + with));
    }
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    List<BackupRecord> taken = records.stream()
        .filter(r -> r.kind() == BackupKind.MANUAL && r.succeeded() && r.created().atZone(ZoneOffset.UTC).toLocalDate().equals(today))
        .sorted(java.util.Comparator.comparing(BackupRecord::created)).toList();
    if (taken.size() < perDay) return Optional.empty();
    Instant midnight = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Duration wait = Duration.between(now, midnight);
    return Optional.of("plan " + tier.name() + " allows " + perDay + " manual backup" + (perDay == 1 ? "" : "s") + " of " + addon
        + " a day (UTC); " + taken.size() + " " + (taken.size() == 1 ? "was" : "were") + " taken today, the last at "
        + TIME.format(taken.get(taken.size() - 1).created()) + " UTC; the next is allowed at 00:00 UTC, in " + wait.toHours() + "h "
        + wait.toMinutesPart() + "m");
  }
}

package io.orkestr.render;

import io.orkestr.backup.BackupRecord;
import io.orkestr.tier.ByteSize;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** BackupText prints backups as a table and says what one holds, for people; BackupJson is the same for tools. */
public final class BackupText {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  /** How times read in backup messages. */
  public static final DateTimeFormatter TIME_TEXT = TIME;

  private BackupText() {}

  /** One line per backup: id, add-on, kind, when, size, SHA-256 (short), status, where its copies are, verified, expires, note. */
  public static String table(List<BackupRecord> records, Function<BackupRecord, Optional<Instant>> expires) {
    return table(records, expires, r -> "local");
  }

  public static String table(List<BackupRecord> records, Function<BackupRecord, Optional<Instant>> expires,
      Function<BackupRecord, String> where) {
    if (records.isEmpty()) return "No backups.\n";
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "ADD-ON", "KIND", "CREATED", "SIZE", "SHA256", "STATUS", "WHERE", "VERIFIED", "EXPIRES", "NOTE"});
    for (BackupRecord r : records) {
      rows.add(new String[] {r.id(), r.addon().owner() + "/" + r.addon().name(), r.kind().word(), TIME.format(r.created()),
          r.succeeded() ? ByteSize.format(r.sizeBytes()) : "-", r.succeeded() ? r.sha256().substring(0, 12) : "-",
          r.succeeded() ? "succeeded" : "failed: " + r.failure().orElse(""), r.succeeded() ? where.apply(r) : "-", verified(r),
          expires.apply(r).map(TIME::format).orElse("never (newest)"), r.note().orElse("")});
    }
    int[] w = new int[rows.get(0).length];
    for (String[] row : rows) for (int i = 0; i < row.length; i++) w[i] = Math.max(w[i], row[i].length());
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) line.append(String.format("%-" + w[i] + "s  ", row[i]));
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  /** "verified", "failed: why", or "never". */
  static String verified(BackupRecord r) {
    return r.verification().map(v -> v.passed() ? "verified " + TIME.format(v.at()) : "failed: " + v.failure().orElse("")).orElse("never");
  }

  /** "3 tables, 5,000 rows" or "1,234 keys". */
  public static String contents(BackupRecord r) {
    Map<String, Long> c = r.contents();
    if (c.containsKey("keys") && c.size() == 1) return String.format("%,d keys", c.get("keys"));
    long rows = c.values().stream().mapToLong(Long::longValue).sum();
    return String.format("%d table%s, %,d rows", c.size(), c.size() == 1 ? "" : "s", rows);
  }
}

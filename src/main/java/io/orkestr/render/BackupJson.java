package io.orkestr.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.backup.BackupRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** BackupJson is BackupText's table as JSON: every field of each record, and when it expires. */
public final class BackupJson {
  private BackupJson() {}

  /** Where a backup's copies are: where as BackupText shows it; offsite "stored", "pending" or "none" (no off-site store). */
  public record Copies(String where, boolean local, String offsite) {
    public static final Copies LOCAL = new Copies("local", true, "none");
  }

  public static String render(List<BackupRecord> records, Function<BackupRecord, Optional<Instant>> expires) {
    return render(records, expires, r -> Copies.LOCAL);
  }

  public static String render(List<BackupRecord> records, Function<BackupRecord, Optional<Instant>> expires,
      Function<BackupRecord, Copies> copies) {
    ArrayNode all = PlanJson.JSON.createArrayNode();
    for (BackupRecord r : records) {
      ObjectNode n = all.addObject();
      n.put("id", r.id());
      n.put("addon", r.addon().owner() + "/" + r.addon().name());
      n.put("engine", r.engine());
      n.put("version", r.version());
      n.put("kind", r.kind().word());
      n.put("created", r.created().toString());
      n.put("finished", r.finished().toString());
      n.put("size_bytes", r.sizeBytes());
      n.put("sha256", r.sha256());
      n.put("status", r.status().word());
      r.failure().ifPresent(f -> n.put("failure", f));
      r.note().ifPresent(v -> n.put("note", v));
      ObjectNode contents = n.putObject("contents");
      r.contents().forEach(contents::put);
      n.put("verified", r.verification().map(v -> v.passed() ? "verified" : "failed").orElse("never"));
      r.verification().ifPresent(v -> {
        n.put("verified_at", v.at().toString());
        v.failure().ifPresent(f -> n.put("verification_failure", f));
      });
      expires.apply(r).ifPresentOrElse(e -> n.put("expires", e.toString()), () -> n.putNull("expires"));
      Copies c = copies.apply(r);
      n.put("where", c.where());
      n.putObject("copies").put("local", c.local()).put("offsite", c.offsite());
    }
    return all.toPrettyString() + "\n";
  }
}

package io.orkestr.render;

import io.orkestr.diff.Differ;
import io.orkestr.tier.ByteSize;
import io.orkestr.tier.DurationText;
import io.orkestr.tier.Tier;
import io.orkestr.tier.Tiers;
import java.util.ArrayList;
import java.util.List;

/** TierText prints the plans in force as a table, or as YAML an operator can start their own plans file from. */
public final class TierText {
  private TierText() {}

  public static String table(Tiers tiers) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PLAN", "CPU", "MEMORY", "STORAGE", "CONNECTIONS", "ADD-ONS", "IDLE SLEEP", "MANUAL BACKUPS/DAY", "AUTOMATIC BACKUPS", "RETENTION"});
    for (Tier t : tiers.all()) {
      String sleep = t.sleep().map(s -> "after " + DurationText.format(s.stopAfter()) + " (frozen after " + DurationText.format(s.freezeAfter()) + ")")
          .orElse("never");
      rows.add(new String[] {t.name(), Differ.cpu(t.nanoCpus()), ByteSize.format(t.memoryBytes()), ByteSize.format(t.storageBytes()),
          Integer.toString(t.connections()), Integer.toString(t.maxAddons()), sleep, t.backups().manualPerDay() == 0 ? "none" : Integer.toString(t.backups().manualPerDay()),
          t.backups().automatic() ? "available" : "no", t.backups().retention().isZero() ? "none" : DurationText.format(t.backups().retention())});
    }
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
    StringBuilder sb = new StringBuilder("Plans from " + tiers.source() + " (per add-on: CPU, memory, storage, connections)\n");
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) line.append(String.format("%-" + w[i] + "s  ", r[i]));
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  /** The plans as a plans file (the shape ORKESTR_PLANS reads). */
  public static String yaml(Tiers tiers) {
    StringBuilder sb = new StringBuilder("plans:\n");
    for (Tier t : tiers.all()) {
      sb.append("  ").append(t.name()).append(":\n");
      if (!t.description().isEmpty()) sb.append("    description: \"").append(t.description().replace("\"", "\\\"")).append("\"\n");
      sb.append("    cpu: ").append(Differ.cpu(t.nanoCpus())).append('\n');
      sb.append("    memory: ").append(ByteSize.quantity(t.memoryBytes())).append('\n');
      sb.append("    storage: ").append(ByteSize.quantity(t.storageBytes())).append('\n');
      sb.append("    max_addons: ").append(t.maxAddons()).append('\n');
      sb.append("    connections: ").append(t.connections()).append('\n');
      t.sleep().ifPresent(s -> sb.append("    sleep: {freeze_after: ").append(DurationText.format(s.freezeAfter()))
          .append(", stop_after: ").append(DurationText.format(s.stopAfter())).append("}\n"));
      sb.append("    backups: {manual_per_day: ").append(t.backups().manualPerDay()).append(", automatic: ").append(t.backups().automatic())
          .append(", retention: ").append(DurationText.format(t.backups().retention()))
          .append(", min_interval: ").append(DurationText.format(t.backups().minInterval())).append("}\n");
    }
    return sb.toString();
  }
}

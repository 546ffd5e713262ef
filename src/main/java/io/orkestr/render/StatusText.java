package io.orkestr.render;

import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedNetwork;
import io.orkestr.actual.StorageUse;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Resource;
import io.orkestr.diff.Differ;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;
import io.orkestr.plan.Reason;
import io.orkestr.tier.ByteSize;
import java.util.ArrayList;
import java.util.List;

/**
 * StatusText shows what runs, per project and resource, with health, from a plan (which holds
 * both what should be and what is): a resource that drifted says what apply would do about it.
 */
public final class StatusText {
  private final Style style;

  public StatusText(Style style) {
    this.style = style;
  }

  public String render(Plan plan) {
    return render(plan, List.of());
  }

  /** The table, with each add-on's storage as measured (status measures it; a plan alone does not). */
  public String render(Plan plan, List<StorageUse> storage) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RESOURCE", "TYPE", "STATE", "HEALTH", "DETAIL"});
    for (PlannedChange c : plan.changes()) rows.add(row(c, storage));
    int[] widths = new int[5];
    for (String[] r : rows) for (int i = 0; i < 5; i++) widths[i] = Math.max(widths[i], r[i].length());
    StringBuilder sb = new StringBuilder();
    sb.append("Manifest \"").append(plan.manifest()).append("\"\n");
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        String cell = i < 4 ? String.format("%-" + widths[i] + "s  ", rows.get(r)[i]) : rows.get(r)[i];
        line.append(r == 0 ? style.bold(cell) : cell);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    for (String note : plan.notes()) sb.append("Note: ").append(note).append('\n');
    for (StorageUse s : storage) {
      if (s.readOnly() && !s.isOver()) {
        sb.append(style.red("Read-only: ")).append(s.addon()).append(" holds ").append(ByteSize.format(s.usedBytes()))
            .append(", back under its plan's ").append(ByteSize.format(s.limitBytes())).append(": the next apply makes it writable again.\n");
      } else if (s.readOnly()) {
        sb.append(style.red("Read-only: ")).append(s.addon()).append(" holds ").append(ByteSize.format(s.usedBytes())).append(", more than its plan's ")
            .append(ByteSize.format(s.limitBytes())).append(": apps can read and delete but not write. Delete data (DELETE or TRUNCATE, then")
            .append(" VACUUM), and the next apply makes it writable; or move the project to a larger plan.\n");
      } else if (s.isOver()) {
        sb.append(style.red("Over its storage: ")).append(s.addon()).append(" holds ").append(ByteSize.format(s.usedBytes()))
            .append(", more than ").append(ByteSize.format(s.limitBytes())).append("; the next apply makes it read-only for apps.\n");
      } else if (s.isNearTheLimit()) {
        sb.append(style.yellow("Warning: ")).append(s.addon()).append(" uses ").append(percent(s)).append(" of its storage (")
            .append(ByteSize.format(s.usedBytes())).append(" of ").append(ByteSize.format(s.limitBytes())).append(").\n");
      }
    }
    return sb.toString();
  }

  static String percent(StorageUse s) {
    return Math.round(100.0 * s.usedBytes() / Math.max(1, s.limitBytes())) + "%";
  }

  /** "storage 12 MiB / 1 GiB", "storage 25 MiB / 24 MiB, read-only", "storage unknown (not running)". */
  static String storage(StorageUse s) {
    if (!s.isMeasured()) return "storage unknown (" + s.problem().get() + ")";
    return "storage " + ByteSize.format(s.usedBytes()) + " / " + ByteSize.format(s.limitBytes()) + (s.readOnly() ? ", read-only" : "")
        + (!s.readOnly() && s.isNearTheLimit() ? ", " + percent(s) : "");
  }

  static String[] row(PlannedChange c) {
    return row(c, List.of());
  }

  static String[] row(PlannedChange c, List<StorageUse> storage) {
    Observed have = c.before().isEmpty() ? null : c.before().get(0);
    String type = type(c);
    String state = have == null ? "missing" : have instanceof ObservedContainer oc
        ? oc.asleep().map(z -> z.stage().word()).orElse(oc.state().word()) : "present";
    String health = have instanceof ObservedContainer oc ? oc.health() : "-";
    List<String> detail = new ArrayList<>();
    if (have instanceof ObservedContainer oc) {
      detail.add(oc.limits().isNone() ? "no limits"
          : Differ.cpu(oc.limits().nanoCpus()) + " CPU, " + Differ.memory(oc.limits().memoryBytes()));
      oc.networks().values().stream().filter(ip -> !ip.isEmpty()).findFirst().ifPresent(detail::add);
      storage.stream().filter(s -> s.addon().equals(c.key())).findFirst().ifPresent(s -> detail.add(storage(s)));
      SleepView.of(c).ifPresent(v -> detail.add(v.text()));
    } else if (have instanceof ObservedNetwork n) {
      detail.add(String.join(", ", n.subnets()));
    }
    if (c.isChange() || !c.reasons().isEmpty()) {
      String why = c.reasons().stream().map(Reason::text).reduce((a, b) -> a + "; " + b).orElse("");
      detail.add((c.isChange() ? "apply will " + c.action().verb() : "pending") + (why.isEmpty() ? "" : ": " + why));
    }
    return new String[] {c.key().toString(), type, state, health, String.join("; ", detail)};
  }

  static String type(PlannedChange c) {
    Resource r = c.after().orElse(null);
    if (r instanceof ContainerSpec s) return s.engine().map(e -> e.engine() + " " + e.version()).orElse("app");
    if (r == null && !c.before().isEmpty()) {
      String engine = c.before().get(0).labels().get("orkestr.engine");
      if (engine != null) return engine;
    }
    return c.key().kind().word();
  }
}

package io.orkestr.render;

import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedNetwork;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Resource;
import io.orkestr.diff.Differ;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;
import io.orkestr.plan.Reason;
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
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RESOURCE", "TYPE", "STATE", "HEALTH", "DETAIL"});
    for (PlannedChange c : plan.changes()) rows.add(row(c));
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
    return sb.toString();
  }

  static String[] row(PlannedChange c) {
    Observed have = c.before().isEmpty() ? null : c.before().get(0);
    String type = type(c);
    String state = have == null ? "missing" : have instanceof ObservedContainer oc ? oc.state().word() : "present";
    String health = have instanceof ObservedContainer oc ? oc.health() : "-";
    List<String> detail = new ArrayList<>();
    if (have instanceof ObservedContainer oc) {
      detail.add(oc.limits().isNone() ? "no limits"
          : Differ.cpu(oc.limits().nanoCpus()) + " CPU, " + Differ.memory(oc.limits().memoryBytes()));
      oc.networks().values().stream().filter(ip -> !ip.isEmpty()).findFirst().ifPresent(detail::add);
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

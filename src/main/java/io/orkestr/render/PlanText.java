package io.orkestr.render;

import io.orkestr.plan.Action;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;
import io.orkestr.plan.Reason;
import java.util.List;
import java.util.Map;

/**
 * PlanText renders a plan like Terraform does: one line per change with its symbol and why,
 * the attributes of what will be created, and "Plan: 2 to add, 1 to change, 0 to destroy.".
 */
public final class PlanText {
  private final Style style;

  public PlanText(Style style) {
    this.style = style;
  }

  public String render(Plan plan) {
    StringBuilder sb = new StringBuilder();
    List<PlannedChange> changes = plan.changes().stream().filter(PlannedChange::isChange).toList();
    if (changes.isEmpty()) {
      sb.append(style.green("No changes.")).append(" Docker matches the manifest \"").append(plan.manifest()).append("\".\n");
      pending(plan, sb);
      notes(plan, sb);
      return sb.toString();
    }
    sb.append("orkestr will make these changes (manifest \"").append(plan.manifest()).append("\"):\n\n");
    for (PlannedChange c : changes) change(c, sb);
    for (PlannedChange c : plan.refusals()) {
      sb.append(style.red("  ! refused: ")).append(c.refusal().get()).append('\n');
    }
    if (!plan.refusals().isEmpty()) sb.append('\n');
    pending(plan, sb);
    notes(plan, sb);
    sb.append(style.bold(plan.summary().toString())).append('\n');
    return sb.toString();
  }

  private void change(PlannedChange c, StringBuilder sb) {
    String symbol = String.format("%3s", c.action().symbol());
    sb.append(colour(c.action(), symbol)).append(' ').append(style.bold(c.key().toString())).append(": ").append(verb(c));
    if (!c.reasons().isEmpty()) {
      sb.append(" (").append(String.join("; ", c.reasons().stream().map(Reason::text).toList())).append(')');
    }
    sb.append('\n');
    if ((c.action() == Action.CREATE || c.action() == Action.REPLACE) && c.after().isPresent()) {
      for (Map.Entry<String, List<String>> a : SpecText.attributes(c.after().get()).entrySet()) {
        String name = String.format("      %-9s ", a.getKey());
        String pad = " ".repeat(name.length());
        for (int i = 0; i < a.getValue().size(); i++) {
          sb.append(style.dim(i == 0 ? name : pad)).append(a.getValue().get(i)).append('\n');
        }
      }
    }
  }

  private void pending(Plan plan, StringBuilder sb) {
    if (plan.pending().isEmpty()) return;
    sb.append("Pending (redeploy: manual; apply leaves these apps running with their old variables):\n");
    for (PlannedChange c : plan.pending()) {
      sb.append(style.yellow("  ~ ")).append(style.bold(c.key().toString())).append(": ")
          .append(String.join("; ", c.reasons().stream().map(Reason::text).toList())).append('\n');
    }
    sb.append('\n');
  }

  /** An app's container is replaced to deploy it: users call that a redeploy; an add-on's keeps its data: a restart. */
  static String verb(PlannedChange c) {
    if (c.upgrade().isPresent()) {
      var u = c.upgrade().get();
      return "major upgrade " + u.engine() + " " + u.fromMajor() + " -> " + u.toMajor();
    }
    if (c.action() != Action.REPLACE) return c.action().verb();
    return c.key().kind() == io.orkestr.desired.ResourceKey.Kind.APP ? "redeploy" : "restart";
  }

  private void notes(Plan plan, StringBuilder sb) {
    for (String note : plan.notes()) sb.append("Note: ").append(note).append('\n');
    if (!plan.notes().isEmpty()) sb.append('\n');
  }

  private String colour(Action a, String s) {
    switch (a) {
      case CREATE: return style.green(s);
      case UPDATE: return style.yellow(s);
      case REPLACE:
      case DELETE: return style.red(s);
      default: return s;
    }
  }
}

package io.orkestr.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.actual.StorageUse;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;

/** StatusJson is StatusText's table as JSON. */
public final class StatusJson {
  private StatusJson() {}

  public static String render(Plan plan) {
    return render(plan, java.util.List.of(), java.util.List.of());
  }

  public static String render(Plan plan, java.util.List<StorageUse> storage, java.util.List<io.orkestr.backup.Freshness> freshness) {
    ObjectNode root = PlanJson.JSON.createObjectNode();
    root.put("manifest", plan.manifest());
    root.put("converged", !plan.hasChanges());
    ArrayNode resources = root.putArray("resources");
    for (PlannedChange c : plan.changes()) {
      String[] row = StatusText.row(c, storage);
      ObjectNode r = resources.addObject();
      r.put("address", row[0]);
      r.put("type", row[1]);
      r.put("state", row[2]);
      r.put("health", row[3]);
      r.put("detail", row[4]);
      r.put("pending_action", c.action().word());
      storage.stream().filter(s -> s.addon().equals(c.key())).findFirst().ifPresent(s -> {
        ObjectNode st = r.putObject("storage");
        if (s.isMeasured()) {
          st.put("used_bytes", s.usedBytes()).put("limit_bytes", s.limitBytes()).put("read_only", s.readOnly())
              .put("over", s.isOver()).put("warning", s.isNearTheLimit());
        } else {
          st.put("limit_bytes", s.limitBytes()).put("problem", s.problem().get());
        }
      });
    }
    ArrayNode backups = root.putArray("backups");
    for (io.orkestr.backup.Freshness f : freshness) {
      ObjectNode b = backups.addObject().put("addon", f.addon().owner() + "/" + f.addon().name()).put("automatic", f.automatic())
          .put("schedule", f.schedule()).put("scheduled", f.scheduled()).put("overdue", f.overdue());
      f.lastSuccess().ifPresentOrElse(t -> b.put("last_success", t.toString()), () -> b.putNull("last_success"));
    }
    ArrayNode notes = root.putArray("notes");
    plan.notes().forEach(notes::add);
    return root.toPrettyString() + "\n";
  }
}

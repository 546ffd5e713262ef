package io.orkestr.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;

/** StatusJson is StatusText's table as JSON. */
public final class StatusJson {
  private StatusJson() {}

  public static String render(Plan plan) {
    ObjectNode root = PlanJson.JSON.createObjectNode();
    root.put("manifest", plan.manifest());
    root.put("converged", !plan.hasChanges());
    ArrayNode resources = root.putArray("resources");
    for (PlannedChange c : plan.changes()) {
      String[] row = StatusText.row(c);
      ObjectNode r = resources.addObject();
      r.put("address", row[0]);
      r.put("type", row[1]);
      r.put("state", row[2]);
      r.put("health", row[3]);
      r.put("detail", row[4]);
      r.put("pending_action", c.action().word());
    }
    ArrayNode notes = root.putArray("notes");
    plan.notes().forEach(notes::add);
    return root.toPrettyString() + "\n";
  }
}

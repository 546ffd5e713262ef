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
    for (PlannedChange c : plan.changes()) resources.add(resource(c, storage));
    ArrayNode backups = root.putArray("backups");
    freshness.forEach(f -> backups.add(backup(f)));
    ArrayNode notes = root.putArray("notes");
    plan.notes().forEach(notes::add);
    return root.toPrettyString() + "\n";
  }

  /**
   * The same rows grouped by project, for the HTTP API: {@code projects[]} with each project's
   * resources and backups, and {@code groups[]} with the networks of project groups.
   */
  public static ObjectNode projects(Plan plan, java.util.List<StorageUse> storage, java.util.List<io.orkestr.backup.Freshness> freshness) {
    ObjectNode root = PlanJson.JSON.createObjectNode();
    root.put("manifest", plan.manifest());
    root.put("converged", !plan.hasChanges());
    java.util.Map<String, ObjectNode> projects = new java.util.LinkedHashMap<>();
    ArrayNode groups = PlanJson.JSON.createArrayNode();
    for (PlannedChange c : plan.changes()) {
      if (c.key().project().isEmpty()) {
        groups.add(resource(c, storage));
        continue;
      }
      ObjectNode p = projects.computeIfAbsent(c.key().project(), name -> project(name));
      ((ArrayNode) p.get("resources")).add(resource(c, storage));
      if (c.isChange()) p.put("converged", false);
    }
    for (io.orkestr.backup.Freshness f : freshness) {
      projects.computeIfAbsent(f.addon().owner(), name -> project(name));
      ((ArrayNode) projects.get(f.addon().owner()).get("backups")).add(backup(f));
    }
    ArrayNode list = root.putArray("projects");
    projects.values().forEach(list::add);
    root.set("groups", groups);
    ArrayNode notes = root.putArray("notes");
    plan.notes().forEach(notes::add);
    return root;
  }

  private static ObjectNode project(String name) {
    ObjectNode p = PlanJson.JSON.createObjectNode().put("name", name).put("converged", true);
    p.putArray("resources");
    p.putArray("backups");
    return p;
  }

  private static ObjectNode resource(PlannedChange c, java.util.List<StorageUse> storage) {
    String[] row = StatusText.row(c, storage);
    ObjectNode r = PlanJson.JSON.createObjectNode();
    r.put("address", row[0]);
    r.put("type", row[1]);
    r.put("state", row[2]);
    r.put("health", row[3]);
    r.put("detail", row[4]);
    r.put("pending_action", c.action().word());
    SleepView.of(c).ifPresent(v -> {
      ObjectNode z = r.putObject("sleep").put("state", v.state()).put("policy", v.policy());
      v.since().ifPresent(t -> z.put("since", t.toString()));
      v.sleepsAt().ifPresent(t -> z.put("sleeps_at", t.toString()));
      v.lastUsed().ifPresent(t -> z.put("last_used", t.toString()));
      v.keptAwakeBy().ifPresent(h -> z.put("kept_awake_by", h));
    });
    storage.stream().filter(s -> s.addon().equals(c.key())).findFirst().ifPresent(s -> {
      ObjectNode st = r.putObject("storage");
      if (s.isMeasured()) {
        st.put("used_bytes", s.usedBytes()).put("limit_bytes", s.limitBytes()).put("read_only", s.readOnly())
            .put("over", s.isOver()).put("warning", s.isNearTheLimit());
      } else {
        st.put("limit_bytes", s.limitBytes()).put("problem", s.problem().get());
      }
    });
    return r;
  }

  private static ObjectNode backup(io.orkestr.backup.Freshness f) {
    ObjectNode b = PlanJson.JSON.createObjectNode().put("addon", f.addon().owner() + "/" + f.addon().name()).put("automatic", f.automatic())
        .put("schedule", f.schedule()).put("scheduled", f.scheduled()).put("overdue", f.overdue());
    f.lastSuccess().ifPresentOrElse(t -> b.put("last_success", t.toString()), () -> b.putNull("last_success"));
    f.offsite().ifPresent(o -> {
      ObjectNode n = b.putObject("offsite").put("pending", o.pending()).put("reachable", o.reachable()).put("overdue", o.overdue())
          .put("encrypted", o.encrypted());
      o.lastCopy().ifPresentOrElse(t -> n.put("last_copy", t.toString()), () -> n.putNull("last_copy"));
    });
    return b;
  }
}

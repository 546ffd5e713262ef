package io.orkestr.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.Placeholders;
import io.orkestr.desired.Resource;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;
import io.orkestr.plan.Reason;

/**
 * PlanJson renders a plan for tools (CI bots): every change with its action, reasons and the
 * attributes it will have. A secret is {@code {"name": ..., "sensitive": true}}, never its value.
 */
public final class PlanJson {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanJson() {}

  public static String render(Plan plan) {
    return toJson(plan).toPrettyString() + "\n";
  }

  /** The same JSON as a tree, for callers that embed it (the HTTP API). */
  public static ObjectNode toJson(Plan plan) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", "1");
    root.put("manifest", plan.manifest());
    root.put("has_changes", plan.hasChanges());
    ObjectNode summary = root.putObject("summary");
    summary.put("add", plan.summary().add());
    summary.put("change", plan.summary().change());
    summary.put("destroy", plan.summary().destroy());
    ArrayNode changes = root.putArray("changes");
    for (PlannedChange c : plan.changes()) {
      if (!c.isChange()) continue;
      ObjectNode n = changes.addObject();
      n.put("address", c.key().toString());
      n.put("kind", c.key().kind().word());
      n.put("action", c.action().word());
      ArrayNode reasons = n.putArray("reasons");
      c.reasons().stream().map(Reason::text).forEach(reasons::add);
      c.after().ifPresent(r -> n.set("after", attributes(r)));
      c.refusal().ifPresent(r -> n.put("refused", r));
      c.upgrade().ifPresent(u -> n.putObject("major_upgrade").put("engine", u.engine()).put("from", u.fromMajor()).put("to", u.toMajor())
          .put("from_volume", u.fromVolume()).put("to_volume", u.toVolume()));
    }
    ArrayNode refusals = root.putArray("refusals");
    plan.refusals().forEach(c -> refusals.add(c.refusal().get()));
    ArrayNode pending = root.putArray("pending");
    for (PlannedChange c : plan.pending()) {
      ObjectNode n = pending.addObject().put("address", c.key().toString());
      c.reasons().stream().map(Reason::text).forEach(n.putArray("reasons")::add);
    }
    ArrayNode notes = root.putArray("notes");
    plan.notes().forEach(notes::add);
    return root;
  }

  private static ObjectNode attributes(Resource r) {
    ObjectNode a = JSON.createObjectNode();
    a.put("docker_name", r.dockerName());
    if (r instanceof NetworkSpec n) {
      a.put("internal", n.internal());
      n.subnet().ifPresent(s -> a.put("subnet", s));
    } else if (r instanceof ContainerSpec c) {
      a.put("image", c.image());
      c.engine().ifPresent(e -> {
        a.put("engine", e.engine());
        a.put("version", e.version());
      });
      a.put("nano_cpus", c.limits().nanoCpus());
      a.put("memory_bytes", c.limits().memoryBytes());
      c.addOn().ifPresent(addOn -> {
        ObjectNode settings = a.putObject("settings");
        addOn.settings().restart().forEach(settings.putObject("restart")::put);
        addOn.settings().live().forEach(settings.putObject("live")::put);
        a.put("access", addOn.access().word());
      });
      if (c.command().stream().anyMatch(Placeholders::isSensitive)) {
        a.putObject("command").put("sensitive", true);
      } else {
        ArrayNode cmd = a.putArray("command");
        c.command().forEach(cmd::add);
      }
      ArrayNode env = a.putArray("env");
      c.env().forEach((k, v) -> {
        ObjectNode e = env.addObject().put("name", k);
        if (Placeholders.isSensitive(v)) e.put("sensitive", true);
        else e.put("value", v);
      });
      ArrayNode nets = a.putArray("networks");
      c.networks().forEach(n -> {
        ObjectNode o = nets.addObject().put("name", n.networkName());
        n.aliases().forEach(o.putArray("aliases")::add);
      });
      ArrayNode ports = a.putArray("ports");
      c.ports().forEach(p -> ports.add(p.toString()));
    }
    return a;
  }
}

package io.orkestr.control;

import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.error.ValidationError;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;
import io.orkestr.plan.Reason;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ChangeData turns plan changes and problems into events' data: what differs, why, and what the
 * manifest says (image, engine, limits), never an environment value or a command line, which may
 * hold a secret the user typed.
 */
final class ChangeData {
  private ChangeData() {}

  static Map<String, Object> of(PlannedChange c) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("address", c.key().toString());
    d.put("kind", c.key().kind().word());
    d.put("action", c.action().word());
    d.put("reasons", c.reasons().stream().map(Reason::text).toList());
    d.put("state", state(c));
    c.after().ifPresentOrElse(r -> d.put("manifest", manifest(r)), () -> d.put("manifest", null));
    return d;
  }

  /** What Docker has under the key now: the container's state, "present", or "missing". */
  static String state(PlannedChange c) {
    if (c.before().isEmpty()) return "missing";
    if (!(c.before().get(0) instanceof ObservedContainer oc)) return "present";
    return oc.asleep().map(s -> s.stage().word()).orElse(oc.state().word());
  }

  private static Map<String, Object> manifest(io.orkestr.desired.Resource r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("docker_name", r.dockerName());
    if (r instanceof ContainerSpec s) {
      m.put("image", s.image());
      s.engine().ifPresent(e -> {
        m.put("engine", e.engine());
        m.put("version", e.version());
      });
      m.put("nano_cpus", s.limits().nanoCpus());
      m.put("memory_bytes", s.limits().memoryBytes());
      m.put("running", true);
    } else if (r instanceof NetworkSpec n) {
      m.put("internal", n.internal());
      n.subnet().ifPresent(sub -> m.put("subnet", sub));
    }
    return m;
  }

  /** One change's outcome, for change.applied and change.failed. */
  static Map<String, Object> step(io.orkestr.apply.StepResult r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("address", r.key().toString());
    d.put("action", r.action().word());
    d.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
    d.put("message", r.message());
    d.put("took_ms", r.took().toMillis());
    return d;
  }

  static String stepType(io.orkestr.apply.StepResult r) {
    return r.outcome() == io.orkestr.apply.Outcome.DONE ? "change.applied" : "change.failed";
  }

  static Map<String, Object> summary(Plan plan) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("add", plan.summary().add());
    s.put("change", plan.summary().change());
    s.put("destroy", plan.summary().destroy());
    return s;
  }

  static Map<String, Object> problem(ValidationError.Item i) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("file", i.file());
    p.put("line", i.line());
    p.put("column", i.column());
    p.put("path", i.path());
    p.put("message", i.message());
    return p;
  }
}

package io.orkestr.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.Outcome;
import io.orkestr.apply.StepResult;

/** ApplyJson is an apply report for tools: each change's outcome and message, in the order they finished. */
public final class ApplyJson {
  private ApplyJson() {}

  public static ObjectNode toJson(String manifest, ApplyReport report) {
    ObjectNode root = PlanJson.JSON.createObjectNode();
    root.put("manifest", manifest);
    root.put("succeeded", report.succeeded());
    root.put("took_ms", report.took().toMillis());
    root.putObject("summary").put("done", report.count(Outcome.DONE)).put("failed", report.count(Outcome.FAILED))
        .put("skipped", report.count(Outcome.SKIPPED));
    ArrayNode results = root.putArray("results");
    for (StepResult r : report.results()) {
      results.addObject().put("address", r.key().toString()).put("action", r.action().word())
          .put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT)).put("message", r.message())
          .put("took_ms", r.took().toMillis());
    }
    return root;
  }
}

package io.orkestr.control;

import io.orkestr.apply.ApplyReport;
import io.orkestr.plan.Plan;
import java.util.Optional;

/** Reconciled is what one reconcile came to: "success", "error" (retried) or "terminal" (waits for the file to change). */
record Reconciled(String result, boolean terminal, String error, Plan plan, Optional<ApplyReport> report) {
  static Reconciled failed(boolean terminal, String error, Plan plan, Optional<ApplyReport> report) {
    return new Reconciled(terminal ? "terminal" : "error", terminal, error, plan, report);
  }

  boolean ok() {
    return result.equals("success");
  }
}

package io.orkestr.apply;

import java.time.Duration;
import java.util.List;

/** ApplyReport lists every change's outcome, in the order they finished, and how long the apply took. */
public record ApplyReport(List<StepResult> results, Duration took) {
  public ApplyReport {
    results = List.copyOf(results);
  }

  public boolean succeeded() {
    return results.stream().allMatch(r -> r.outcome() == Outcome.DONE);
  }

  public long count(Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }
}

package io.orkestr.control;

import io.orkestr.error.ValidationError;
import io.orkestr.plan.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * LoopStatus is the reconcile loop as {@code GET /v1/status} shows it: what it watches, what it is
 * doing, how the last reconcile went, when the next resync is due, and what is wrong (with an
 * invalid manifest's problems as data). Times are null until they happen.
 */
public record LoopStatus(String file, String sync, Duration resync, String state, Instant nextResync, String lastTrigger,
    Instant lastStarted, Instant lastFinished, Duration lastTook, String lastResult, Summary lastSummary, String lastError,
    int failuresInARow, Instant retryAt, boolean waitingForManifestChange, List<ValidationError.Item> problems) {

  public LoopStatus {
    problems = List.copyOf(problems);
  }

  static LoopStatus starting(String file, String sync, Duration resync) {
    return new LoopStatus(file, sync, resync, "starting", null, null, null, null, null, null, null, null, 0, null, false, List.of());
  }

  LoopStatus reconciling(Instant started, String trigger) {
    return new LoopStatus(file, sync, resync, "reconciling", nextResync, trigger, started, lastFinished, lastTook, lastResult,
        lastSummary, lastError, failuresInARow, retryAt, waitingForManifestChange, problems);
  }

  LoopStatus finished(Instant finished, Duration took, String result, Summary summary, String error, int failures, Instant retry,
      boolean terminal, List<ValidationError.Item> problems) {
    return new LoopStatus(file, sync, resync, state, nextResync, lastTrigger, lastStarted == null ? finished : lastStarted, finished,
        took, result, summary, error, failures, retry, terminal, problems);
  }

  LoopStatus withState(String now, Instant next) {
    return new LoopStatus(file, sync, resync, now, next, lastTrigger, lastStarted, lastFinished, lastTook, lastResult, lastSummary,
        lastError, failuresInARow, retryAt, waitingForManifestChange, problems);
  }
}

package io.orkestr.control;

import io.orkestr.apply.ApplyListener;
import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.Outcome;
import io.orkestr.apply.StepResult;
import io.orkestr.desired.Resource;
import io.orkestr.desired.ResourceKey;
import io.orkestr.error.UserError;
import io.orkestr.error.ValidationError;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ReconcileReport is what the reconcile loop tells the world about each reconcile: its events
 * (started, drift found, each change, finished, an invalid manifest), its metrics and its log line.
 * It also decides what counts as drift: a change to a key whose wish in the manifest did not change
 * since the last successful reconcile. When the loop runs is ReconcileLoop's business, not this one's.
 */
final class ReconcileReport {
  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

  private final EventJournal events;
  private final ControlMetrics metrics;
  private final String sync;

  /** What the last successful reconcile wanted per key. */
  private Map<ResourceKey, Optional<Resource>> converged = Map.of();

  ReconcileReport(EventJournal events, ControlMetrics metrics, String sync) {
    this.events = events;
    this.metrics = metrics;
    this.sync = sync;
  }

  void started(long number, String trigger, String manifest) {
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("reconcile", number);
    start.put("trigger", trigger);
    start.put("manifest", manifest);
    events.publish("reconcile.started", start);
  }

  /** Follows one apply: reports its plan's drift before anything changes, then each change as it finishes. */
  Applying applying() {
    return new Applying();
  }

  /** The report of one apply in progress. */
  final class Applying implements ApplyListener {
    private final Set<ResourceKey> drift = new TreeSet<>();
    private final Map<ResourceKey, String> kinds = new HashMap<>();

    void planned(Plan plan) {
      for (PlannedChange c : plan.changes()) {
        if (!c.isChange() || c.refusal().isPresent()) continue;
        if (isDrift(c)) {
          drift.add(c.key());
          kinds.put(c.key(), c.key().kind().word());
          events.publish("drift.found", ChangeData.of(c));
        }
      }
    }

    @Override
    public void finished(StepResult r) {
      Map<String, Object> data = ChangeData.step(r);
      data.put("drift", drift.contains(r.key()));
      events.publish(ChangeData.stepType(r), data);
      if (r.outcome() == Outcome.DONE && drift.contains(r.key())) metrics.driftRepaired(kinds.get(r.key()));
    }
  }

  /** With --sync off: every difference is drift, reported and left. */
  void planOnly(Plan plan) {
    for (PlannedChange c : plan.changes()) if (c.isChange()) events.publish("drift.found", ChangeData.of(c));
  }

  private synchronized boolean isDrift(PlannedChange c) {
    Optional<Resource> before = converged.get(c.key());
    return before != null ? before.equals(c.after()) : !converged.isEmpty() && c.after().isEmpty();
  }

  /** Remembers what a successful reconcile converged to, for the next one's drift. */
  synchronized void converged(Plan plan) {
    Map<ResourceKey, Optional<Resource>> wanted = new HashMap<>();
    for (PlannedChange c : plan.changes()) if (c.after().isPresent()) wanted.put(c.key(), c.after());
    converged = wanted;
  }

  /** The reconcile.finished event and metrics, and its one log line. */
  void finished(long number, String trigger, String manifest, Reconciled o, Duration took, Instant retryAt) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("reconcile", number);
    data.put("trigger", trigger);
    data.put("manifest", manifest);
    data.put("result", o.result());
    data.put("sync", sync);
    if (o.plan() != null) data.put("summary", ChangeData.summary(o.plan()));
    o.report().ifPresent(r -> {
      data.put("applied", r.count(Outcome.DONE));
      data.put("failed", r.count(Outcome.FAILED));
      data.put("skipped", r.count(Outcome.SKIPPED));
    });
    if (o.error() != null) data.put("error", o.error());
    data.put("took_ms", took.toMillis());
    if (retryAt != null) data.put("retry_at", retryAt.toString());
    events.publish("reconcile.finished", data);
    metrics.reconciled(o.result(), took);
    if (o.plan() != null) metrics.observed(addOnStates(o));
    String changes = o.report().map(r -> r.count(Outcome.DONE) + (r.count(Outcome.DONE) == 1 ? " change" : " changes") + " made"
        + (r.count(Outcome.FAILED) > 0 ? ", " + r.count(Outcome.FAILED) + " failed" : ""))
        .orElse(o.plan() == null ? "" : o.plan().hasChanges() ? sync.equals("off") ? o.plan().summary() + " (sync off)" : "nothing applied"
            : "no changes");
    if (o.ok()) {
      log.info("reconcile {} ({}): {}, {} ms", number, trigger, changes, took.toMillis());
    } else {
      log.warn("reconcile {} ({}): {}: {}{}, {} ms", number, trigger, o.result(), o.error(), changes.isEmpty() ? "" : " (" + changes + ")",
          took.toMillis());
    }
  }

  /** Add-ons by state after the reconcile: as planned, except those the apply has just made or started. */
  private static Map<String, Integer> addOnStates(Reconciled o) {
    Map<ResourceKey, Outcome> done = new HashMap<>();
    o.report().ifPresent(r -> r.results().forEach(s -> done.put(s.key(), s.outcome())));
    Map<String, Integer> states = new TreeMap<>();
    for (PlannedChange c : o.plan().changes()) {
      if (c.key().kind() != ResourceKey.Kind.ADDON || c.after().isEmpty()) continue;
      String state = done.get(c.key()) == Outcome.DONE ? "running" : ChangeData.state(c);
      states.merge(state, 1, Integer::sum);
    }
    return states;
  }

  /** An invalid manifest: reported once per text (seen: the same text was reported already). */
  void invalid(String file, String trigger, UserError e, boolean seen) {
    if (seen) return;
    List<ValidationError.Item> problems = problems(e);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("file", file);
    data.put("trigger", trigger);
    data.put("error", String.join("; ", e.lines()));
    data.put("problems", problems.stream().map(ChangeData::problem).toList());
    log.warn("the manifest {} is not valid; what runs is left as it is: {}", file, String.join("; ", e.lines()));
    events.publish("manifest.invalid", data);
    metrics.reconciled("invalid", Duration.ZERO);
  }

  static List<ValidationError.Item> problems(UserError e) {
    return e instanceof ValidationError v ? v.items() : List.of();
  }
}

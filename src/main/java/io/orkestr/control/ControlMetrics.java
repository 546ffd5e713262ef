package io.orkestr.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.orkestr.docker.DockerPort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ControlMetrics are the control plane's meters, named as dashboards for controllers expect them
 * (controller-runtime's reconcile_total, reconcile_errors_total, reconcile_time_seconds) with
 * orkestr's prefix. Micrometer writes the Prometheus format; the names below become
 * {@code orkestr_reconcile_total{result}} and so on.
 */
public final class ControlMetrics {
  private final MeterRegistry registry;
  private final Counter errors;
  private final Timer time;
  private final MultiGauge addOns;
  private final MultiGauge lastBackup;
  private final MultiGauge lastOffsite;
  private final java.util.concurrent.atomic.AtomicInteger offsitePending = new java.util.concurrent.atomic.AtomicInteger();

  public ControlMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.errors = Counter.builder("orkestr.reconcile.errors").description("Reconciles that failed (retried or waiting for a manifest change)")
        .register(registry);
    this.time = Timer.builder("orkestr.reconcile.time").description("How long reconciles take")
        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120))
        .register(registry);
    this.addOns = MultiGauge.builder("orkestr.addons").description("Add-ons of the watched manifest by state, after the last reconcile")
        .register(registry);
    this.lastBackup = MultiGauge.builder("orkestr.backup.last.success.timestamp").baseUnit("seconds")
        .description("When each add-on's last successful backup was taken (Unix time)").register(registry);
    this.lastOffsite = MultiGauge.builder("orkestr.backup.offsite.last.success.timestamp").baseUnit("seconds")
        .description("When each add-on's newest backup with an off-site copy was taken (Unix time)").register(registry);
    io.micrometer.core.instrument.Gauge.builder("orkestr.backup.offsite.pending", offsitePending, java.util.concurrent.atomic.AtomicInteger::get)
        .description("Successful backups whose off-site copy has not landed yet (retried with backoff)").register(registry);
    for (String result : List.of("success", "error", "terminal", "invalid")) counter(result); // present at 0 from the start
    for (String to : List.of("frozen", "stopped", "awake")) {
      Counter.builder("orkestr.sleep.transitions").description("Add-ons going to sleep (frozen, stopped) or waking (awake)").tag("to", to)
          .register(registry);
    }
  }

  private Counter counter(String result) {
    return Counter.builder("orkestr.reconcile").description("Reconciles by result").tag("result", result).register(registry);
  }

  void reconciled(String result, Duration took) {
    counter(result).increment();
    if (!result.equals("success")) errors.increment();
    if (!took.isZero()) time.record(took);
  }

  void driftRepaired(String kind) {
    Counter.builder("orkestr.drift.repairs").description("Changes made to undo drift (something changed in Docker, not in the manifest)")
        .tag("kind", kind).register(registry).increment();
  }

  void observed(Map<String, Integer> byState) {
    addOns.register(byState.entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue())).toList(), true);
  }

  /** The last successful backup of each add-on ("shop/db"); add-ons never backed up are left out. */
  public void lastBackups(Map<String, Optional<Instant>> byAddOn) {
    lastBackup.register(byAddOn.entrySet().stream().filter(e -> e.getValue().isPresent())
        .map(e -> MultiGauge.Row.of(Tags.of("addon", e.getKey()), e.getValue().get().getEpochSecond())).toList(), true);
  }

  /** Each add-on's newest backup copied off-site ("shop/db"), and how many wait for their copy in all. */
  public void offsite(Map<String, Optional<Instant>> lastCopy, int pending) {
    lastOffsite.register(lastCopy.entrySet().stream().filter(e -> e.getValue().isPresent())
        .map(e -> MultiGauge.Row.of(Tags.of("addon", e.getKey()), e.getValue().get().getEpochSecond())).toList(), true);
    offsitePending.set(pending);
  }

  /**
   * The Docker API calls made so far (a no-op reconcile's count must not grow with the manifest).
   * Micrometer holds the counted object weakly: it must be the long-lived port, not a method
   * reference that nothing else holds (that one is collected and the counter freezes).
   */
  public void dockerCalls(DockerPort docker) {
    FunctionCounter.builder("orkestr.docker.calls", docker, DockerPort::calls)
        .description("Docker API calls made by this process").register(registry);
  }

  /** A wake: how long from the request (a client's connection, orkestr wake) until the engine answered, by the stage it woke from. */
  void woke(String from, Duration took) {
    Timer.builder("orkestr.wake.duration").description("How long a sleeping add-on took to answer once woken, by the stage it woke from")
        .tag("stage", from).publishPercentileHistogram(false)
        .serviceLevelObjectives(Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))
        .register(registry).record(took);
    transition("awake");
  }

  /** An add-on went to sleep stage to ("frozen", "stopped") or woke ("awake"). */
  void transition(String to) {
    Counter.builder("orkestr.sleep.transitions").description("Add-ons going to sleep (frozen, stopped) or waking (awake)").tag("to", to)
        .register(registry).increment();
  }

  public MeterRegistry registry() {
    return registry;
  }
}

package io.orkestr.apply;

import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Probe;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Readiness waits until an add-on answers its probe (Postgres accepts a query, Redis answers PING),
 * polling quickly at first and then every second, up to a timeout.
 */
final class Readiness {
  /**
   * The apply's probes, all add-ons together, start at least this far apart. Each probe is a process the
   * engine starts in the container (docker exec): 50 add-ons probed every second kept both cores of the
   * test machine busy and slowed their own start (cold apply of 50 projects with the wait: 78 s, 40 s spaced).
   */
  static final long PROBE_SPACING_NANOS = 100_000_000;

  private final DockerPort docker;
  private final SecretResolver secrets;
  private long nextProbe;

  Readiness(DockerPort docker, SecretResolver secrets) {
    this.docker = docker;
    this.secrets = secrets;
  }

  /** Returns normally once ready; throws StepFailure with the last probe output on timeout. */
  void await(ContainerSpec spec, String containerId, Duration timeout, BooleanSupplier cancelled) {
    if (spec.readiness().isEmpty()) return;
    Probe probe = spec.readiness().get();
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 100;
    String last = "";
    while (true) {
      sleepNanos(probeSlot());
      ExecResult r = docker.exec(containerId, probe.command(), secrets.resolve(probe.env()), Duration.ofSeconds(10));
      if (r.succeeded()) return;
      last = secrets.mask(r.output().strip());
      if (System.nanoTime() > deadline) {
        throw new StepFailure(spec.key() + " did not become ready within " + timeout.toSeconds() + "s"
            + (last.isEmpty() ? "" : " (last probe said: " + oneLine(last) + ")"));
      }
      if (cancelled.getAsBoolean()) throw new StepFailure("interrupted while waiting for " + spec.key() + " to become ready");
      sleep(pause);
      pause = Math.min(1000, pause * 2);
    }
  }

  /** How long to wait for this probe's turn: the probes of all waits, first come first served. */
  private synchronized long probeSlot() {
    long now = System.nanoTime();
    long slot = Math.max(now, nextProbe);
    nextProbe = slot + PROBE_SPACING_NANOS;
    return slot - now;
  }

  private static String oneLine(String s) {
    String line = s.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static void sleep(long millis) {
    sleepNanos(millis * 1_000_000);
  }

  private static void sleepNanos(long nanos) {
    if (nanos <= 0) return;
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailure("interrupted");
    }
  }
}

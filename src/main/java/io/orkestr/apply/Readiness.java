package io.orkestr.apply;

import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Probe;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import io.orkestr.error.ConflictError;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Readiness waits until an add-on answers its probe (Postgres accepts a query, Redis answers PING),
 * polling quickly at first and then every second, up to a timeout. Every step that starts or
 * unpauses an add-on hands it on only once it answers: an open port, or a started container, is
 * not an engine that answers (Postgres says "the database system is starting up" for a while).
 */
public final class Readiness {
  /**
   * The apply's probes, all add-ons together, start at least this far apart. Each probe is a process the
   * engine starts in the container (docker exec): 50 add-ons probed every second kept both cores of the
   * test machine busy and slowed their own start (cold apply of 50 projects with the wait: 78 s, 40 s spaced).
   */
  static final long PROBE_SPACING_NANOS = 100_000_000;

  private final DockerPort docker;
  private final SecretResolver secrets;
  private long nextProbe;

  public Readiness(DockerPort docker, SecretResolver secrets) {
    this.docker = docker;
    this.secrets = secrets;
  }

  /** Returns normally once ready; throws StepFailure with the last probe output on timeout. */
  public void await(ContainerSpec spec, String containerId, Duration timeout, BooleanSupplier cancelled) {
    if (spec.readiness().isEmpty()) return;
    Probe probe = spec.readiness().get();
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 100;
    String last = "";
    while (true) {
      sleepNanos(probeSlot());
      ExecResult r;
      try {
        r = docker.exec(containerId, probe.command(), secrets.resolve(probe.env()), Duration.ofSeconds(10));
      } catch (ConflictError e) {
        // The engine refuses an exec in a container that is restarting (or not yet running): not ready yet.
        r = new ExecResult(-1, e.getMessage());
      }
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

  /** Starts a stopped add-on's container and returns once it answers, as apply's wait means it. */
  public void start(ContainerSpec spec, String containerId, Duration timeout, BooleanSupplier cancelled) {
    docker.startContainer(containerId);
    await(spec, containerId, timeout, cancelled);
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

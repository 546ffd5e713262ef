package io.orkestr.desired;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * ContainerPolicy is how Docker runs a container apart from what it runs: restart policy, whether
 * Docker's init is PID 1, log limits and the health check. These are decisions, so they live here
 * as data the plan carries and the fake sees; the Docker adapter only translates them.
 */
public record ContainerPolicy(Restart restart, boolean init, LogLimits logs, Optional<HealthCheck> healthcheck) {
  /** Bounded logs: a chatty container must not fill the host's disk. */
  public static final LogLimits LOGS = new LogLimits("10m", 3);

  public ContainerPolicy {
    Objects.requireNonNull(restart);
    Objects.requireNonNull(logs);
    Objects.requireNonNull(healthcheck);
  }

  /** Add-ons keep their official images' own PID 1 (Postgres and Redis handle signals themselves). */
  public static ContainerPolicy addOn(HealthCheck healthcheck) {
    return new ContainerPolicy(Restart.UNLESS_STOPPED, false, LOGS, Optional.of(healthcheck));
  }

  /**
   * Apps get Docker's init (tini) as PID 1: signals reach the app, zombies are reaped, and stopping
   * never waits out the timeout.
   */
  public static ContainerPolicy app() {
    return new ContainerPolicy(Restart.UNLESS_STOPPED, true, LOGS, Optional.empty());
  }

  /** A one-off job runs once: it is never restarted, and it is removed when it ends. */
  public static ContainerPolicy job() {
    return new ContainerPolicy(Restart.NO, true, LOGS, Optional.empty());
  }

  /** A readable one-line form, also what the config hash covers. */
  public String describe() {
    return "restart=" + restart.word() + " init=" + init + " logs=" + logs.maxSize() + "x" + logs.maxFiles()
        + healthcheck.map(h -> " health=" + h.interval().toSeconds() + "s/" + h.timeout().toSeconds() + "s/" + h.retries() + "/"
            + h.startPeriod().toSeconds() + "s").orElse("");
  }

  /** Docker's restart policies that orkestr uses. */
  public enum Restart {
    NO("no"),
    UNLESS_STOPPED("unless-stopped");

    private final String word;

    Restart(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** LogLimits caps Docker's json-file log: size of one file and how many are kept. */
  public record LogLimits(String maxSize, int maxFiles) {
    public LogLimits {
      Objects.requireNonNull(maxSize);
    }
  }

  /** HealthCheck is Docker's own health check: a command and how often and how patiently it runs. */
  public record HealthCheck(java.util.List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
    public HealthCheck {
      test = java.util.List.copyOf(test);
      Objects.requireNonNull(interval);
      Objects.requireNonNull(timeout);
      Objects.requireNonNull(startPeriod);
    }

    /** A check every 30 s, 5 s each, unhealthy after 3 failures, with a minute to start. */
    public static HealthCheck of(java.util.List<String> test) {
      return new HealthCheck(test, Duration.ofSeconds(30), Duration.ofSeconds(5), 3, Duration.ofSeconds(60));
    }
  }
}

package io.orkestr.apply;

import io.orkestr.actual.StorageUse;
import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.Probe;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import io.orkestr.tier.ByteSize;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StorageSwitch measures an add-on's storage in its engine (one exec) and, when asked to enforce,
 * makes a Postgres add-on over its plan's storage read-only for apps, and writable again once it is
 * back under. Status, apply's check after its changes, the control plane's check and a planned
 * change of an add-on's writes all go through it, so they agree on what over means.
 */
public final class StorageSwitch {
  private static final Logger log = LoggerFactory.getLogger(StorageSwitch.class);

  /** Where measurements go, so that the next plan can compare them with the plan's storage (see LiveUpdateLog). */
  public interface Measurements {
    Measurements NONE = (containerId, use) -> {};

    void measured(String containerId, StorageUse use);
  }

  /** What it switched, or failed to switch, for the user (apply's progress, an event). */
  public interface Switched {
    Switched NONE = (key, what) -> {};

    void switched(ResourceKey key, String what);
  }

  private final DockerPort docker;
  private final SecretResolver secrets;
  private final Measurements measurements;

  public StorageSwitch(DockerPort docker, SecretResolver secrets, Measurements measurements) {
    this.docker = docker;
    this.secrets = secrets;
    this.measurements = measurements;
  }

  /** Measures only. */
  public StorageUse measure(ResourceKey key, String containerId, EngineProfile.StorageCommands commands) {
    return check(key, containerId, commands, false, Switched.NONE);
  }

  /** Measures, and switches where the limit was crossed either way. */
  public StorageUse enforce(ResourceKey key, String containerId, EngineProfile.StorageCommands commands, Switched switched) {
    return check(key, containerId, commands, true, switched);
  }

  private StorageUse check(ResourceKey key, String id, EngineProfile.StorageCommands commands, boolean enforce, Switched switched) {
    ExecResult r = exec(id, commands.measure());
    String[] words = r.output().strip().split("\\s+");
    if (!r.succeeded() || words.length != 2 || !words[0].matches("[0-9]+")) {
      String said = secrets.mask(r.output().strip()).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no answer");
      return StorageUse.unknown(key, commands.limitBytes(), "could not measure (" + said + ")");
    }
    // "legacy": the switch of an orkestr before this one, which apps could turn off; replaced either way.
    boolean legacy = words[1].equals("legacy");
    StorageUse use = new StorageUse(key, Long.parseLong(words[0]), commands.limitBytes(), legacy || Boolean.parseBoolean(words[1]),
        Optional.empty());
    if (!enforce || commands.readOnly().isEmpty() || (!legacy && use.isOver() == use.readOnly())) {
      measurements.measured(id, use);
      return use;
    }
    Probe change = use.isOver() ? commands.readOnly().get() : commands.writable().orElseThrow();
    ExecResult result = exec(id, change);
    if (!result.succeeded()) {
      String said = secrets.mask(result.output().strip()).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + result.exitCode());
      String what = "storage " + ByteSize.format(use.usedBytes()) + " of " + ByteSize.format(use.limitBytes()) + ": could not make it "
          + (use.isOver() ? "read-only" : "writable") + " (" + said + "); the next check tries again";
      log.warn("{} {}", key, what);
      switched.switched(key, what);
      measurements.measured(id, use);
      return use.withProblem(what);
    }
    String what = "storage " + ByteSize.format(use.usedBytes()) + " of " + ByteSize.format(use.limitBytes()) + ": "
        + (use.isOver() ? "made read-only for apps until it is back under its plan's storage" : "back under its plan's storage, writable again");
    log.info("{} {}", key, what);
    switched.switched(key, what);
    StorageUse now = use.withReadOnly(use.isOver());
    measurements.measured(id, now);
    return now;
  }

  private ExecResult exec(String id, Probe probe) {
    return docker.exec(id, probe.command(), secrets.resolve(probe.env()), Duration.ofSeconds(60));
  }
}

package io.orkestr.app;

import io.orkestr.daemon.CliProtocol;
import io.orkestr.desired.ImageCatalog;
import io.orkestr.error.UserError;
import io.orkestr.plan.SubnetPool;
import io.orkestr.service.ServiceSettings;
import io.orkestr.tier.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Environment reads orkestr's settings from environment variables:
 * ORKESTR_HOME (state directory, default ~/.orkestr), ORKESTR_PLANS (plans file),
 * ORKESTR_IMAGE_MIRROR (registry prefix for the official images), ORKESTR_SUBNET_POOL
 * (default 10.96.0.0/11) and ORKESTR_LOCK_TIMEOUT (default 5m), for a command run in
 * {@code workingDirectory} (empty: this process's own).
 */
record Environment(Map<String, String> env, Path workingDirectory) {
  /** The environment of this process, in its own working directory. */
  static Environment ofProcess(Map<String, String> env) {
    return new Environment(env, Path.of(""));
  }

  Path home() {
    return CliProtocol.home(env, workingDirectory);
  }

  Optional<Path> plansFile() {
    return value("ORKESTR_PLANS").map(Path::of);
  }

  /** A relative path is relative to where the command was run; the empty working directory leaves it as given. */
  Path resolve(Path given) {
    return workingDirectory.resolve(given);
  }

  ServiceSettings settings() {
    ImageCatalog images = new ImageCatalog(value("ORKESTR_IMAGE_MIRROR"));
    SubnetPool pool = SubnetPool.parse(value("ORKESTR_SUBNET_POOL").orElse(SubnetPool.DEFAULT));
    Duration lockTimeout;
    try {
      lockTimeout = DurationText.parse(value("ORKESTR_LOCK_TIMEOUT").orElse("5m"));
    } catch (RuntimeException e) {
      throw new UserError("ORKESTR_LOCK_TIMEOUT is not a duration such as 30s or 5m");
    }
    Duration wake;
    try {
      wake = DurationText.parse(value("ORKESTR_WAKE_TIMEOUT").orElse(DurationText.format(ServiceSettings.WAKE_TIMEOUT)));
    } catch (RuntimeException e) {
      throw new UserError("ORKESTR_WAKE_TIMEOUT is not a duration such as 30s or 2m");
    }
    String sleep = value("ORKESTR_SLEEP").orElse("auto");
    if (!sleep.equals("auto") && !sleep.equals("off")) throw new UserError("ORKESTR_SLEEP is \"" + sleep + "\", not auto or off");
    String host = value("DOCKER_HOST").orElse("");
    return new ServiceSettings(images, pool, lockTimeout, io.orkestr.disk.LoopDisks.fromEnvironment(disks(), env),
        io.orkestr.sleep.iptables.IptablesDiversions.forHost(sleep.equals("off"), host.isEmpty() || host.startsWith("unix://")), wake,
        new io.orkestr.backup.s3.S3OffsiteStores(env, workingDirectory));
  }

  /** Where add-ons' size-limited disks are kept: ORKESTR_DISKS_DIR, else $ORKESTR_HOME/disks. */
  Path disks() {
    return value("ORKESTR_DISKS_DIR").map(Path::of).map(this::resolve).orElse(home().resolve("disks"));
  }

  private Optional<String> value(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }
}
